import { Alert, Descriptions } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { client, unwrap } from '../../api';

/**
 * The agency's settings that reach the applicant: every reply letter names the 行政复议机关 and, where litigation is
 * offered, the court. They are set by the operator (REVIEW_AUTHORITY, COURT in .env), never guessed here.
 */
export default function Settings() {
  const q = useQuery({ queryKey: ['settings'], queryFn: () => unwrap(client.GET('/api/admin/settings')) });
  const s = q.data;
  const unset = <span className="gk-unset">未设置</span>;
  return (
    <>
      {s && (!s.reviewAuthority || !s.court) && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="答复书的救济告知不完整"
          description="未写明行政复议机关时，申请人申请行政复议的期限可延长至一年（《行政复议法》第二十条第三款）。请系统运维人员在服务器配置中填写行政复议机关和人民法院，然后重启服务。" />
      )}
      <Descriptions id="remedy-settings" bordered size="small" column={1} items={[
        { key: 'agency', label: '机关名称', children: s?.agency },
        { key: 'authority', label: '行政复议机关', children: s ? s.reviewAuthority ?? unset : null },
        { key: 'court', label: '人民法院', children: s ? s.court ?? unset : null },
      ]} />
    </>
  );
}
