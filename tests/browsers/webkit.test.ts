/** The WebKit lane (Safari's and every iPad browser's engine): Debian's WebKitWebDriver + MiniBrowser. */
import { e2ePort } from '../e2e/harness';
import { openWebKit } from './engines';
import { smokeLane } from './smoke';

/** WebKitWebDriver's port (4444 is the usual one; E2E_PORT_OFFSET shifts it with the preview ports). */
const DRIVER_PORT = e2ePort(4444);

smokeLane('WebKit', 4361, () => openWebKit(DRIVER_PORT));
