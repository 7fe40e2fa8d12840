// The services the UI uses from the layers below (REST API, the sign-in session, WebSocket and
// peer connection factories, media devices, the background effect, storage), provided through
// React context so
// component tests can inject fakes. It creates no connections by itself.
import { createContext, useContext, type ReactNode } from 'react';
import { createApi, type PlenumApi } from '../client/api';
import { Session } from '../client/session';
import { browserSocketFactory, type SocketFactory } from '../client/signaling';
import type { VideoEffectFactory } from '../media/background/effects';
import { imageUrl } from '../media/background/catalogue';
import { createBackgroundEffect } from '../media/background/processor';
import type { MediaDevicesLike } from '../media/localMedia';
import { browserPeerFactory, type PeerFactory } from '../media/peer';

export interface Services {
  api: PlenumApi;
  /** Who is signed in (loaded by App). */
  session: Session;
  socketFactory: SocketFactory;
  peerFactory: PeerFactory;
  /** `navigator.mediaDevices`, or null where the browser has none. */
  mediaDevices: MediaDevicesLike | null;
  /** Background blur and pictures for the camera, or null where they are not offered. */
  videoEffects: VideoEffectFactory | null;
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** The page URL, for resolving relative WebSocket URLs. */
  pageUrl(): string;
}

function safeStorage(): Services['storage'] {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** WebAssembly and canvas capture are there: the background effect can run. */
function backgroundsSupported(): boolean {
  return (
    typeof WebAssembly === 'object' &&
    typeof HTMLCanvasElement !== 'undefined' &&
    typeof HTMLCanvasElement.prototype.captureStream === 'function'
  );
}

export function browserServices(): Services {
  const api = createApi();
  return {
    api,
    session: new Session(api),
    socketFactory: browserSocketFactory,
    peerFactory: browserPeerFactory(),
    mediaDevices: typeof navigator !== 'undefined' && navigator.mediaDevices !== undefined ? navigator.mediaDevices : null,
    videoEffects: backgroundsSupported() ? (camera, choice) => createBackgroundEffect(camera, choice, imageUrl) : null,
    storage: safeStorage(),
    pageUrl: () => window.location.href,
  };
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (services === null) throw new Error('useServices outside ServicesProvider');
  return services;
}
