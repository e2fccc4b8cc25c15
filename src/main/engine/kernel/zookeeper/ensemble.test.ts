import { describe, expect, it } from 'vitest';
import { parseEnsemble } from './ensemble.ts';

describe('parseEnsemble', () => {
  it('reads one server with its port', () => {
    expect(parseEnsemble('zk1:2182')).toEqual({ servers: [{ host: 'zk1', port: 2182 }], chroot: '' });
  });

  it('defaults the port to 2181', () => {
    expect(parseEnsemble('zk1')).toEqual({ servers: [{ host: 'zk1', port: 2181 }], chroot: '' });
  });

  it('reads several servers, with and without ports', () => {
    expect(parseEnsemble('zk1:2181,zk2,10.0.0.3:2888')).toEqual({
      servers: [
        { host: 'zk1', port: 2181 },
        { host: 'zk2', port: 2181 },
        { host: '10.0.0.3', port: 2888 },
      ],
      chroot: '',
    });
  });

  it('takes the chroot after the last server and drops its trailing slashes', () => {
    expect(parseEnsemble('zk1:2181,zk2:2181/taskflow/jobs')).toEqual({
      servers: [
        { host: 'zk1', port: 2181 },
        { host: 'zk2', port: 2181 },
      ],
      chroot: '/taskflow/jobs',
    });
    expect(parseEnsemble('zk1/taskflow/').chroot).toBe('/taskflow');
    expect(parseEnsemble('zk1:2181/').chroot).toBe('');
  });

  it('ignores blanks around and between servers', () => {
    expect(parseEnsemble(' zk1:2181 , ,zk2 ').servers).toEqual([
      { host: 'zk1', port: 2181 },
      { host: 'zk2', port: 2181 },
    ]);
  });
});
