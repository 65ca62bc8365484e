/** The WebKit lane (Safari's and every iPad browser's engine): Debian's WebKitWebDriver + MiniBrowser. */
import { openWebKit } from './engines';
import { smokeLane } from './smoke';

/** WebKitWebDriver's port (4444 is the usual one; E2E_PORT_OFFSET shifts it with the preview ports). */
const DRIVER_PORT = 4444 + Number(process.env.E2E_PORT_OFFSET ?? 0);

smokeLane('WebKit', 4361, () => openWebKit(DRIVER_PORT));
