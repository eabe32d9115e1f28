/**
 * Server-rendered HTML without a template engine: `html` is a tagged template whose every interpolated
 * value is HTML-escaped unless it is itself `Html` (built by `html` or `raw`). Arrays are joined.
 */
import { escapeHtml } from '../../domain/text';

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}


type Value = Html | string | number | boolean | null | undefined | Value[];

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Html(out);
}

/** Trusted markup only (constants written in this code base). */
export const raw = (s: string) => new Html(s);

const CSS = `
*{box-sizing:border-box}body{margin:0;font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;font-size:15px;color:#1f2328;background:#f5f6f8}
header{background:#9b1c1c;color:#fff;padding:0 20px;display:flex;align-items:center;gap:24px;height:52px}
header .brand{font-weight:700;font-size:17px}header nav a{color:#fff;text-decoration:none;margin-right:16px}header nav a.on{border-bottom:2px solid #fff;padding-bottom:3px}
header .me{margin-left:auto;display:flex;gap:10px;align-items:center}header .me button{background:none;border:1px solid #fff;color:#fff;padding:3px 10px;cursor:pointer}
main{max-width:1180px;margin:20px auto;padding:0 20px}h1{font-size:22px;margin:0 0 14px}h2{font-size:17px;margin:22px 0 10px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #d0d7de;padding:6px 9px;text-align:left;vertical-align:top}th{background:#eef1f4;font-weight:600}
.card{background:#fff;border:1px solid #d0d7de;padding:14px 16px;margin-bottom:14px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:13px;white-space:nowrap}
.b-normal{background:#dafbe1;color:#116329}.b-soon{background:#fff8c5;color:#7d4e00}.b-today{background:#ffd8b5;color:#953800}.b-overdue{background:#ffebe9;color:#a40e26;font-weight:700}.b-none{background:#eee;color:#555}
form.inline{display:inline}button,.btn{background:#9b1c1c;color:#fff;border:0;padding:6px 14px;cursor:pointer;font-size:14px;text-decoration:none;display:inline-block}
button.secondary{background:#57606a}label{display:block;margin:8px 0 3px;font-weight:600}
input[type=text],input[type=password],input[type=date],input[type=number],select,textarea{width:100%;max-width:640px;padding:6px;border:1px solid #afb8c1;font-size:14px;font-family:inherit}
textarea{min-height:160px}.check label{font-weight:400;display:flex;gap:6px;align-items:center}
.flash{padding:10px 14px;margin-bottom:14px;border:1px solid}.flash.ok{background:#dafbe1;border-color:#4ac26b}.flash.err{background:#ffebe9;border-color:#ff8182}
.muted{color:#57606a}.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px}.stat{background:#fff;border:1px solid #d0d7de;padding:12px}.stat b{font-size:26px;display:block}
pre.body{white-space:pre-wrap;background:#fff;border:1px solid #d0d7de;padding:12px}.diff del{background:#ffebe9}.diff ins{background:#dafbe1;text-decoration:none}
.filters{display:flex;gap:10px;flex-wrap:wrap;align-items:end}.filters label{margin:0}.filters select,.filters input{width:auto}
`;

export interface NavUser {
  id: string;
  name: string;
  roles: string[];
}

const NAV: Array<{ href: string; label: string; roles?: string[] }> = [
  { href: '/tasks', label: '我的待办' },
  { href: '/items', label: '信息发布' },
  { href: '/applications', label: '依申请公开', roles: ['handler', 'officeHead', 'supervisor', 'admin'] },
  { href: '/dashboard', label: '督办看板', roles: ['supervisor', 'officeHead', 'admin'] },
  { href: '/report', label: '年度报告', roles: ['handler', 'officeHead', 'supervisor', 'admin'] },
  { href: '/admin', label: '系统管理', roles: ['admin'] },
];

/** The page frame: header with the agency, the navigation the user's roles allow, logout. */
export function layout(p: { title: string; agency: string; user?: NavUser; csrf?: string; path?: string; flash?: { ok?: string; err?: string }; body: Html }): string {
  const nav = p.user
    ? NAV.filter((n) => !n.roles || n.roles.some((r) => p.user!.roles.includes(r))).map(
        (n) => html`<a href="${n.href}" class="${p.path?.startsWith(n.href) ? 'on' : ''}">${n.label}</a>`,
      )
    : [];
  const me = p.user
    ? html`<div class="me"><a href="/account" style="color:#fff">${p.user.name}（${p.user.id}）</a>
        <form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${p.csrf ?? ''}"><button type="submit">退出</button></form></div>`
    : '';
  const flash = [
    p.flash?.ok ? html`<div class="flash ok">${p.flash.ok}</div>` : '',
    p.flash?.err ? html`<div class="flash err" role="alert">${p.flash.err}</div>` : '',
  ];
  return html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${p.title} - 公开 · ${p.agency}</title><style>${raw(CSS)}</style></head>
<body><header><span class="brand">政务公开工作平台 · ${p.agency}</span><nav>${nav}</nav>${me}</header>
<main>${flash}${p.body}</main></body></html>`.value;
}

/** A hidden CSRF field for a form. */
export const csrfField = (token: string) => html`<input type="hidden" name="_csrf" value="${token}">`;

/** A POST form with only a button (claim, unclaim ...). */
export function actionButton(action: string, label: string, csrf: string, secondary = false, fields: Record<string, string> = {}): Html {
  const hidden = Object.entries(fields).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`);
  return html`<form method="post" action="${action}" class="inline">${csrfField(csrf)}${hidden}<button type="submit" class="${secondary ? 'secondary' : ''}">${label}</button></form>`;
}
