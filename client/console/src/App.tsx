import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { Result, Spin } from 'antd';
import { useMe } from './session';
import { Shell } from './Shell';
import { Login } from './pages/Login';

// The first page is the login or the task list; everything else is fetched when first opened.
const Tasks = lazy(() => import('./pages/Tasks'));
const Items = lazy(() => import('./pages/Items'));
const ItemNew = lazy(() => import('./pages/ItemNew'));
const ItemDetail = lazy(() => import('./pages/ItemDetail'));
const Applications = lazy(() => import('./pages/Applications'));
const ApplicationNew = lazy(() => import('./pages/ApplicationNew'));
const ApplicationDetail = lazy(() => import('./pages/ApplicationDetail'));
const Dashboard = lazy(() => import('./pages/Dashboard'));
const Escalations = lazy(() => import('./pages/Escalations'));
const Admin = lazy(() => import('./pages/Admin'));
const Report = lazy(() => import('./pages/Report'));
const Account = lazy(() => import('./pages/Account'));
const Help = lazy(() => import('./pages/Help'));

const loading = <Spin style={{ display: 'block', margin: 48 }} />;

export function App() {
  const me = useMe();
  if (me.isPending) return loading;
  if (me.isError) return <Result status="error" title="无法连接服务器" subTitle="请检查网络后刷新页面。" />;
  if (!me.data) return <Login />;
  return (
    <Shell me={me.data}>
      <Suspense fallback={loading}>
        <Routes>
          <Route path="/" element={<Navigate to="/tasks" replace />} />
          <Route path="/tasks" element={<Tasks />} />
          <Route path="/items" element={<Items />} />
          <Route path="/items/new" element={<ItemNew />} />
          <Route path="/items/:id" element={<ItemDetail />} />
          <Route path="/applications" element={<Applications />} />
          <Route path="/applications/new" element={<ApplicationNew />} />
          <Route path="/applications/:id" element={<ApplicationDetail />} />
          <Route path="/dashboard" element={<Dashboard />} />
          <Route path="/escalations" element={<Escalations />} />
          <Route path="/admin" element={<Admin />} />
          <Route path="/report" element={<Report />} />
          {/* The report's emails link to /reports/<its id>; there is one report page, for the year chosen on it. */}
          <Route path="/reports/*" element={<Navigate to="/report" replace />} />
          <Route path="/account" element={<Account />} />
          <Route path="/help" element={<Help />} />
          <Route path="/help/:topic" element={<Help />} />
          <Route path="*" element={<Result status="404" title="页面不存在" subTitle="请从左侧菜单进入。" />} />
        </Routes>
      </Suspense>
    </Shell>
  );
}
