import { describe, expect, it } from 'vitest';
import { parseProjectUrl, versionFromHeader } from './page.js';

describe('parseProjectUrl', () => {
  it.each([
    [
      'https://pypi.org/project/sampleproject/',
      { index: 'https://pypi.org', project: 'sampleproject' },
    ],
    [
      'https://pypi.org/project/sampleproject',
      { index: 'https://pypi.org', project: 'sampleproject' },
    ],
    [
      'https://pypi.org/project/sampleproject/4.0.0/#files',
      { index: 'https://pypi.org', project: 'sampleproject', version: '4.0.0' },
    ],
    [
      'https://test.pypi.org/project/gitlab-oidc-project/0.0.3/',
      { index: 'https://test.pypi.org', project: 'gitlab-oidc-project', version: '0.0.3' },
    ],
    [
      'https://pypi.org:443/project/sampleproject/4.0.0/',
      { index: 'https://pypi.org', project: 'sampleproject', version: '4.0.0' },
    ],
    [
      'https://pypi.org/project/submit-malware-report/',
      { index: 'https://pypi.org', project: 'submit-malware-report' },
    ],
    [
      'https://pypi.org/project/Foo.Bar_baz/1.0rc1+local.1/',
      { index: 'https://pypi.org', project: 'Foo.Bar_baz', version: '1.0rc1+local.1' },
    ],
  ])('reads %s', (url, expected) => {
    expect(parseProjectUrl(url)).toEqual(expected);
  });

  it.each([
    'http://pypi.org/project/x/',
    'https://evil.org/project/x/',
    'https://pypi.org.evil.org/project/x/',
    'https://pypi.org/search/?q=x',
    'https://pypi.org/project/',
    'https://pypi.org/project/x/1.0/extra/',
    'https://pypi.org/project/%3Cscript%3E/',
    'https://pypi.org/project/x/%E0%A4%A/',
    'not a url',
    'https://pypi.org:8443/project/x/',
    // warehouse routes.py@6b621571: the malware report form, before packaging.release.
    'https://pypi.org/project/sampleproject/submit-malware-report/',
    'https://test.pypi.org/project/sampleproject/submit-malware-report',
    'https://pypi.org/project/sampleproject/Submit-Malware-Report/',
  ])('ignores %s', (url) => {
    expect(parseProjectUrl(url)).toBeUndefined();
  });
});

describe('versionFromHeader', () => {
  it('reads "<name> <version>" for this project', () => {
    expect(versionFromHeader('\n  sampleproject 4.0.0 \n', 'sampleproject')).toEqual({
      version: '4.0.0',
    });
    expect(versionFromHeader('Sample_Project 1.0', 'sample-project')).toEqual({ version: '1.0' });
  });
  it('ignores a header naming another project or with extra words', () => {
    expect(versionFromHeader('other 1.0', 'sampleproject')).toEqual({});
    expect(versionFromHeader('sampleproject 1.0 evil', 'sampleproject')).toEqual({});
    expect(versionFromHeader('sampleproject <b>1</b>', 'sampleproject')).toEqual({});
  });
});
