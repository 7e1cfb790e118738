import { describe, expect, it } from 'vitest';
import { checkResponseUrl } from '../../src/custom-resource/response-url.js';

// Only the hosts CloudFormation answers through are accepted: any other *.amazonaws.com host is
// someone's bucket or API (issue 13, item 7).
const KEY =
  '/arn%3Aaws%3Acloudformation%3Aus-east-1%3A123456789012%3Astack/s/1%7CRes%7Creq?X-Amz-Signature=s';

describe('checkResponseUrl: CloudFormation response hosts only', () => {
  it.each([
    `https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com${KEY}`,
    `https://cloudformation-custom-resource-response-useast2.s3-us-east-2.amazonaws.com${KEY}`,
    `https://cloudformation-custom-resource-response-eucentral1.s3.eu-central-1.amazonaws.com${KEY}`,
    `https://cloudformation-custom-resource-response-apsoutheast7.s3.ap-southeast-7.amazonaws.com${KEY}`,
    `https://cloudformation-custom-resource-response-uswest2.s3.dualstack.us-west-2.amazonaws.com${KEY}`,
    `https://cloudformation-custom-resource-response-usgovwest1.s3-fips.us-gov-west-1.amazonaws.com${KEY}`,
    `https://cloudformation-custom-resource-response-usgoveast1.s3.us-gov-east-1.amazonaws.com${KEY}`,
    `https://cloudformation-custom-resource-response-cnnorthwest1.s3.cn-northwest-1.amazonaws.com.cn${KEY}`,
    `https://s3.amazonaws.com/cloudformation-custom-resource-response-useast1${KEY}`,
    `https://s3-eu-west-1.amazonaws.com/cloudformation-custom-resource-response-euwest1${KEY}`,
    `https://s3.cn-north-1.amazonaws.com.cn/cloudformation-custom-resource-response-cnnorth1${KEY}`,
  ])('accepts %s', (url) => {
    // Act + Assess
    expect(checkResponseUrl(url, { allowLoopback: false }).href).toBe(url);
  });

  it.each([
    ['an attacker bucket, virtual-hosted', `https://attacker-bucket.s3.amazonaws.com${KEY}`],
    ['an attacker bucket, path-style', `https://s3.us-east-1.amazonaws.com/attacker-bucket${KEY}`],
    ['an API Gateway', `https://abc123defg.execute-api.us-east-1.amazonaws.com/prod${KEY}`],
    ['a Lambda function URL', 'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws/'],
    [
      'another AWS service host',
      `https://cloudformation-custom-resource-response-useast1.execute-api.us-east-1.amazonaws.com${KEY}`,
    ],
    [
      'a bucket of another region',
      `https://cloudformation-custom-resource-response-useast1.s3.us-west-2.amazonaws.com${KEY}`,
    ],
    [
      'a bucket name with a suffix',
      `https://cloudformation-custom-resource-response-useast1-evil.s3.amazonaws.com${KEY}`,
    ],
    [
      'a China region outside .com.cn',
      `https://cloudformation-custom-resource-response-cnnorth1.s3.cn-north-1.amazonaws.com${KEY}`,
    ],
    [
      'a commercial region on .com.cn',
      `https://cloudformation-custom-resource-response-useast2.s3.us-east-2.amazonaws.com.cn${KEY}`,
    ],
    [
      'a nested host',
      `https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com.evil.example${KEY}`,
    ],
    ['plain http', `http://cloudformation-custom-resource-response-useast1.s3.amazonaws.com${KEY}`],
  ])('refuses %s', (_what, url) => {
    // Act + Assess
    expect(() => checkResponseUrl(url, { allowLoopback: false })).toThrow(
      /not an AWS host of CloudFormation responses|must use https/,
    );
  });

  it('says how to add a trusted host, and accepts an exact host or a dot suffix given that way', () => {
    // Act
    const refused = (() => {
      try {
        checkResponseUrl('https://cfn-responses.example.internal/x?X-Amz-Signature=s');
      } catch (error) {
        return (error as Error).message;
      }
    })();
    // Assess
    expect(refused).toContain('responseUrl.extraHostSuffixes');
    expect(refused).not.toContain('X-Amz-Signature=s');
    const policy = { extraHostSuffixes: ['cfn-responses.example.internal', '.c2s.ic.gov'] };
    expect(checkResponseUrl('https://cfn-responses.example.internal/x', policy).hostname).toBe(
      'cfn-responses.example.internal',
    );
    expect(checkResponseUrl('https://b.s3.us-iso-east-1.c2s.ic.gov/x', policy).hostname).toBe(
      'b.s3.us-iso-east-1.c2s.ic.gov',
    );
    expect(() => checkResponseUrl('https://evil.cfn-responses.example.internal/x', policy)).toThrow(
      'not an AWS host',
    );
  });
});
