import { useState, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { Button, Drawer, Grid, Layout, Menu, type MenuProps } from 'antd';
import { MenuOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { roleLabels } from '../../../domain/dictionary';
import { client, unwrap } from './api';
import { helpTopicFor } from './help';
import type { Me, Role } from './session';

interface Entry {
  key: string;
  label: string;
  roles?: Role[];
}
const ENTRIES: Entry[] = [
  { key: '/tasks', label: '我的待办' },
  { key: '/items', label: '信息发布' },
  { key: '/applications', label: '依申请公开', roles: ['handler', 'officeHead', 'supervisor', 'admin'] },
  { key: '/dashboard', label: '督办看板', roles: ['supervisor', 'officeHead', 'admin'] },
  { key: '/escalations', label: '逾期督办', roles: ['supervisor', 'officeHead', 'admin'] },
  { key: '/report', label: '年度报告', roles: ['handler', 'officeHead', 'supervisor', 'admin', 'reviewer'] },
  { key: '/admin', label: '系统管理', roles: ['admin'] },
  { key: '/account', label: '个人设置' },
  { key: '/help', label: '帮助' },
];

function menuFor(me: Me): MenuProps['items'] {
  return ENTRIES.filter((e) => !e.roles || e.roles.some((r) => me.roles.includes(r))).map((e) => ({
    key: e.key,
    label: <Link to={e.key}>{e.label}</Link>,
  }));
}

/** The frame of every page: the agency's bar, the menu of what this user's roles may do, the help of the page, the page. */
export function Shell({ me, children }: { me: Me; children: ReactNode }) {
  const wide = Grid.useBreakpoint().md ?? true;
  const [open, setOpen] = useState(false);
  const location = useLocation();
  const queries = useQueryClient();
  const help = helpTopicFor(location.pathname);
  const selected = ENTRIES.map((e) => e.key).filter((k) => location.pathname.startsWith(k));
  const menu = <Menu mode="inline" selectedKeys={selected} items={menuFor(me)} onClick={() => setOpen(false)} aria-label="主菜单" />;
  const logout = async () => {
    await unwrap(client.DELETE('/api/session'));
    queries.clear();
    await queries.invalidateQueries({ queryKey: ['me'] });
  };
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <header className="gk-header">
        {!wide && <Button type="text" icon={<MenuOutlined style={{ color: '#fff' }} />} aria-label="打开菜单" onClick={() => setOpen(true)} />}
        <span className="gk-brand">政务公开工作台</span>
        <span className="gk-user">
          <span title={me.roles.map((r) => roleLabels[r]).join('、')}>{me.name}</span>
          <Button size="small" onClick={() => void logout()}>退出</Button>
        </span>
      </header>
      <Layout>
        {wide ? <Layout.Sider width={200} theme="light">{menu}</Layout.Sider> : <Drawer placement="left" open={open} onClose={() => setOpen(false)} size={240} title="菜单">{menu}</Drawer>}
        <Layout.Content className="gk-content">
          {help && <Link className="gk-help-link" to={`/help/${help.key}`}><QuestionCircleOutlined aria-hidden /> 帮助：{help.title}</Link>}
          {children}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
