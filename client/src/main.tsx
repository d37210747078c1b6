// The platform's styles come first, in cascade order; each feature's own (imported beside its
// components, app.tsx included) come after them and may refine them.
import './platform/styles/base.css';
import './platform/styles/layout.css';
import './platform/styles/controls.css';
import './platform/styles/status.css';
import './platform/styles/tables.css';
import './platform/styles/forms.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';

const container = document.getElementById('root');
if (!container) throw new Error('Falta el elemento #root en index.html');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
