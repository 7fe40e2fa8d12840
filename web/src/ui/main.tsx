// Browser entry point: global styles, i18n from navigator.languages, real services, render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './App';
import { createI18n } from './i18n';
import { browserServices, ServicesProvider } from './services';
import './styles/global.css';
import './styles/content.css';

const i18n = createI18n();
const container = document.getElementById('root');
if (container === null) throw new Error('missing #root');

createRoot(container).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <ServicesProvider services={browserServices()}>
        <App />
      </ServicesProvider>
    </I18nextProvider>
  </StrictMode>,
);
