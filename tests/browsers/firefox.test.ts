/** The Firefox lane: Debian's Firefox ESR, driven by puppeteer-core over WebDriver BiDi. */
import { openFirefox } from './engines';
import { smokeLane } from './smoke';

smokeLane('Firefox', 4371, openFirefox);
