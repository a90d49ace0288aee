// Entry point: the API of whichever carrier runs the page, the app state, the shell.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getApi, getUploader } from './api/api.js';
import { AppProvider } from './app/AppProvider.js';
import { App } from './app/App.js';
import './styles/theme.css';
import './styles/app.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <AppProvider api={getApi()} upload={getUploader()}>
      <App />
    </AppProvider>
  </StrictMode>,
);
