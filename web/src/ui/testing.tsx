// Test support for component tests: renders UI with i18n (English unless asked) and fake
// services (REST, WebSocket, peer connection, media devices, storage). Not used by the app.
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { PlenumApi } from '../client/api';
import { fakeSocketFactory } from '../client/fakeSocket';
import { fakeMediaDevices, fakePeerFactory } from '../media/fakes';
import { createI18n } from './i18n';
import { ServicesProvider, type Services } from './services';

export function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => {
      data.set(key, value);
    },
  };
}

export function fakeApi(overrides: Partial<PlenumApi> = {}): PlenumApi {
  return {
    createRoom: () => Promise.resolve({ id: 'room-1' }),
    getRoom: (id) => Promise.resolve({ id, password_required: false }),
    requestTicket: () => Promise.resolve({ ticket: 'T1', ws_url: '/node/v1/rooms/room-1/ws', participant_id: 'p1', expires_in: 30 }),
    ...overrides,
  };
}

export function testServices(overrides: Partial<Services> = {}) {
  const sockets = fakeSocketFactory();
  const peers = fakePeerFactory();
  const services: Services = {
    api: fakeApi(),
    socketFactory: sockets.factory,
    peerFactory: peers.factory,
    mediaDevices: fakeMediaDevices(),
    storage: memoryStorage(),
    pageUrl: () => 'http://localhost:3000/r/room-1',
    ...overrides,
  };
  return { services, sockets, peers };
}

export function renderUi(ui: ReactElement, options: { services?: Services; languages?: string[] } = {}): RenderResult {
  const i18n = createI18n(options.languages ?? ['en']);
  const services = options.services ?? testServices().services;
  return render(
    <I18nextProvider i18n={i18n}>
      <ServicesProvider services={services}>{ui}</ServicesProvider>
    </I18nextProvider>,
  );
}
