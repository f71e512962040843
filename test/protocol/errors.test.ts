import { ErrorCode, errorInfo, errorName, isRetriable, MAX_ERROR_CODE_2_4 } from '../../src/protocol/errors';

test('uses the 2.4 names', () => {
  expect(ErrorCode.NOT_LEADER_FOR_PARTITION).toBe(6);
  expect(ErrorCode.INVALID_RECORD).toBe(87);
  expect(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE).toBe(76);
  expect(errorInfo(6)).toEqual({ code: 6, name: 'NOT_LEADER_FOR_PARTITION', retriable: true });
});

test('covers every code from -1 to 87 exactly once, and nothing above', () => {
  const codes = Object.values(ErrorCode).sort((a, b) => a - b);
  expect(codes).toEqual(Array.from({ length: 89 }, (_, i) => i - 1));
  expect(MAX_ERROR_CODE_2_4).toBe(87);
  expect(errorInfo(88)).toBeUndefined();
  expect(errorName(88)).toBe('UNKNOWN_ERROR_CODE(88)');
});

test('retriable flags follow the Java exception hierarchy of 2.4.1', () => {
  for (const code of [2, 3, 5, 6, 7, 13, 14, 15, 16, 19, 20, 41, 56, 70, 71, 72, 74, 75, 78, 80, 83, 84]) {
    expect(isRetriable(code)).toBe(true);
  }
  for (const code of [-1, 0, 1, 9, 10, 27, 32, 35, 47, 59, 76, 87]) {
    expect(isRetriable(code)).toBe(false);
  }
});
