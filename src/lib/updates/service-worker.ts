/**
 * Registers the service worker (virtual:pwa-register, registerType 'prompt') and connects it to an
 * UpdateFlow: a newly installed version waits until the flow activates it. Checks for a new version
 * every hour and whenever the page becomes visible again.
 */
import { busy } from '../pipeline/busy';
import { network } from './network-status';
import { UpdateFlow, type UpdateState } from './update-flow';

const CHECK_EVERY_MS = 60 * 60 * 1000;

/** `beforeReload` runs just before the page reloads onto a new version (e.g. write the scene state into the URL). */
export async function startServiceWorker(
  onChange: (state: UpdateState) => void,
  beforeReload: () => void = () => {}
): Promise<{ flow: UpdateFlow; stop: () => void }> {
  const { registerSW } = await import('virtual:pwa-register');
  let updateSW: (reload?: boolean) => Promise<void> = async () => {};
  const flow = new UpdateFlow(busy, {
      activate: () => updateSW(),
      reload: () => {
        beforeReload();
        location.reload();
      }
    }, onChange);
  let registration: ServiceWorkerRegistration | undefined;
  const check = () => {
    if (document.visibilityState === 'visible' && network.online) registration?.update().catch(() => {});
  };
  const timer = setInterval(check, CHECK_EVERY_MS);
  document.addEventListener('visibilitychange', check);
  updateSW = registerSW({
    immediate: true,
    onNeedRefresh: () => flow.newVersionWaiting(),
    // Called (in 'prompt' mode) when a new service worker takes control instead of reloading at once.
    onNeedReload: () => flow.takenOver(),
    onRegisteredSW: (_url, r) => (registration = r)
  });
  return {
    flow,
    stop: () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', check);
    }
  };
}
