/** A dedicated worker running one model: exposes the ModelHostApi over Comlink. */
import * as Comlink from 'comlink';
import { createModelHost } from './host';

Comlink.expose(createModelHost());
