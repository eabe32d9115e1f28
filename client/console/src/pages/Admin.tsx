import { lazy, Suspense, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Spin, Tabs } from 'antd';

const Users = lazy(() => import('./admin/Users'));
const ApiKeys = lazy(() => import('./admin/ApiKeys'));
const Audit = lazy(() => import('./admin/Audit'));
const Settings = lazy(() => import('./admin/Settings'));
const Calendar = lazy(() => import('./admin/Calendar'));
const Policies = lazy(() => import('./admin/Policies'));

/** 系统管理: users, API keys, the audit trail, the working-day calendar, the review policies and the agency's settings, one tab each (the tab is in the address, so it can be linked). */
export default function Admin() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'users';
  const pane = (node: ReactNode) => <Suspense fallback={<Spin />}>{node}</Suspense>;
  return (
    <>
      <h1>系统管理</h1>
      <Tabs activeKey={tab} onChange={(k) => setParams({ tab: k })} items={[
        { key: 'users', label: '用户', children: pane(<Users />) },
        { key: 'apikeys', label: '接口密钥', children: pane(<ApiKeys />) },
        { key: 'audit', label: '审计日志', children: pane(<Audit />) },
        { key: 'calendar', label: '工作日历', children: pane(<Calendar />) },
        { key: 'policies', label: '审核策略', children: pane(<Policies />) },
        { key: 'settings', label: '本机关设置', children: pane(<Settings />) },
      ]} />
    </>
  );
}
