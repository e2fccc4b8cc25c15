import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Router } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { App } from './App.tsx';
import { ApiProvider } from './api/api-context.tsx';
import { chooseApi } from './api/choose-api.ts';
import { createQueryClient } from './api/query-client.ts';
import { installHashQueryNormalizer } from './features/shell/hash-query.ts';
import './styles/theme.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/tables.css';
import './styles/status.css';
import './styles/cards.css';
import './styles/dialogs.css';
import './styles/celery.css';
import './styles/broker.css';
import './styles/notifications.css';
import './styles/jobboards.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// Hash routing: the same URLs work from file:// in Electron and from the headless server.
installHashQueryNormalizer();
createRoot(root).render(
  <StrictMode>
    <ApiProvider api={chooseApi()}>
      <QueryClientProvider client={createQueryClient()}>
        <Router hook={useHashLocation}>
          <App />
        </Router>
      </QueryClientProvider>
    </ApiProvider>
  </StrictMode>,
);
