import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { App } from './App';
import './app.css';

// A refusal is shown once, where it happened; retrying a write or a 4xx read would only repeat it.
const queries = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false }, mutations: { retry: false } } });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* No virtual lists: every option list here is short (the longest, the 21 outcomes), so each option is in the page
        as itself, for a screen reader and a test alike, rather than an element reused for another as the list scrolls. */}
    <ConfigProvider locale={zhCN} virtual={false} button={{ autoInsertSpace: false }} theme={{ token: { colorPrimary: '#1f5fbf', borderRadius: 4 } }}>
      {/* A confirmation stays long enough to be read (antd's default is 3 s). */}
      <AntApp message={{ duration: 6 }}>
        <QueryClientProvider client={queries}>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
