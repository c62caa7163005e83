import { readdirSync, readFileSync } from 'node:fs';
import { ProtocolError, ValidationError } from '@aipbx/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AmiDecoder, type AmiDecoderOptions } from './ami-decoder.js';
import type { AmiMessage } from './ami-message.js';

const fixture = (name: string): Buffer =>
  readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url));

type Item =
  | { banner: string }
  | { type: string; headers: Array<[string, string]>; output: readonly string[] }
  | { error: string };

/** Decodes `chunks` in order and returns every delivered item as plain data. */
function decode(chunks: Iterable<Uint8Array>, options?: AmiDecoderOptions): Item[] {
  const items: Item[] = [];
  const decoder = new AmiDecoder(
    {
      onBanner: (banner) => items.push({ banner }),
      onMessage: (m) => items.push({ type: m.type, headers: m.headers, output: m.output }),
      onError: (e) => items.push({ error: e.code }),
    },
    options,
  );
  for (const chunk of chunks) decoder.write(chunk);
  return items;
}

/** Decodes and returns the message objects themselves. */
function messagesOf(input: string | Buffer, options?: AmiDecoderOptions): AmiMessage[] {
  const out: AmiMessage[] = [];
  const decoder = new AmiDecoder({ onMessage: (m) => out.push(m) }, options);
  decoder.write(typeof input === 'string' ? Buffer.from(input) : input);
  return out;
}

function* byteByByte(buf: Buffer): Generator<Buffer> {
  for (let i = 0; i < buf.length; i++) yield buf.subarray(i, i + 1);
}

/** Whole, byte by byte and split at every boundary all give the same items; returns them. */
function decodeEveryWay(input: string | Buffer, options?: AmiDecoderOptions): Item[] {
  const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const whole = decode([buf], options);
  expect(decode(byteByByte(buf), options), 'byte by byte').toEqual(whole);
  for (let i = 0; i <= buf.length; i++) {
    const split = decode([buf.subarray(0, i), buf.subarray(i)], options);
    if (JSON.stringify(split) !== JSON.stringify(whole)) {
      expect(split, `split at byte ${i}`).toEqual(whole);
    }
  }
  return whole;
}

describe('AmiDecoder on a recorded-format Asterisk 22 stream', () => {
  const buf = fixture('asterisk-22-stream.ami');

  it('gives identical results whole, byte by byte and split at every boundary', () => {
    const items = decodeEveryWay(buf);
    expect(items[0]).toEqual({ banner: 'Asterisk Call Manager/11.0.0' });
    expect(items).toHaveLength(12);
    expect(items.filter((i) => 'error' in i)).toEqual([]);
  });

  it('decodes headers, UTF-8 values, empty values, variables, output and event lists', () => {
    const msgs = messagesOf(buf);
    expect(msgs.map((m) => `${m.type}:${m.name}`)).toEqual([
      'response:Success',
      'event:FullyBooted',
      'event:SuccessfulAuth',
      'event:Newchannel',
      'event:Newstate',
      'event:DialBegin',
      'event:Hangup',
      'response:Success',
      'response:Success',
      'event:CoreShowChannel',
      'event:CoreShowChannelsComplete',
    ]);
    const newchannel = msgs[3]!;
    expect(newchannel.get('CallerIDName')).toBe('Анна Петрова');
    expect(newchannel.get('callerIdName')).toBe('Анна Петрова');
    expect(newchannel.get('AccountCode')).toBe('');
    expect(newchannel.has('AccountCode')).toBe(true);
    expect(newchannel.get('Missing')).toBeUndefined();
    expect(newchannel.names[0]).toBe('Event');
    const hangup = msgs[6]!;
    expect({ ...hangup.variables }).toEqual({ 'CDR(billsec)': '12', DIALSTATUS: 'ANSWER' });
    expect(hangup.get('Cause-txt')).toBe('Normal Clearing');
    const command = msgs[7]!;
    expect(command.actionId).toBe('7');
    expect(command.output).toEqual([
      'Channel              Location             State   Application(Data)',
      'PJSIP/200-00000002   (None)               Up      AppDial((Outgoing Line))',
      '1 active channel',
      '1 active call',
    ]);
    expect(msgs[8]!.get('EventList')).toBe('start');
    expect(msgs[10]!.get('ListItems')).toBe('1');
  });
});

describe('AmiDecoder on streams recorded from the Asterisk 22 test bed', () => {
  const dir = new URL('../../test/fixtures/recorded/', import.meta.url);
  const names = readdirSync(dir).filter((n) => n.endsWith('.ami'));

  it('has recordings to read', () => {
    expect(names.length).toBeGreaterThan(0);
  });

  it.each(names)('%s: same messages whole, byte by byte and in random chunks; one per frame', (name) => {
    const buf = readFileSync(new URL(name, dir));
    const whole = decode([buf]);
    expect(whole[0]).toEqual({ banner: 'Asterisk Call Manager/11.0.0' });
    expect(whole.filter((i) => 'error' in i)).toEqual([]);
    const frames = buf
      .toString('utf8')
      .split('\r\n\r\n')
      .filter((f) => f.trim() !== '');
    expect(whole).toHaveLength(1 + frames.length);
    for (const item of whole.slice(1))
      expect(['response', 'event']).toContain((item as { type: string }).type);
    expect(decode(byteByByte(buf))).toEqual(whole);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (cuts) => {
        expect(decode(splitAt(buf, cuts))).toEqual(whole);
      }),
      { numRuns: 50 },
    );
  });
});

describe('AmiDecoder on a legacy (Asterisk ≤ 13 / Yeastar) stream', () => {
  const buf = fixture('yeastar-legacy-stream.ami');

  it('gives identical results whole, byte by byte and split at every boundary', () => {
    const items = decodeEveryWay(buf);
    expect(items[0]).toEqual({ banner: 'Asterisk Call Manager/1.1' });
    expect(items).toHaveLength(5);
  });

  it('reads Response: Follows output up to --END COMMAND--, blank lines included', () => {
    const msgs = messagesOf(buf);
    const follows = msgs[1]!;
    expect(follows.type).toBe('response');
    expect(follows.name).toBe('Follows');
    expect(follows.headers).toEqual([
      ['Response', 'Follows'],
      ['Privilege', 'Command'],
      ['ActionID', '2'],
    ]);
    expect(follows.output).toEqual([
      'Channel              Location             State   Application(Data)',
      'SIP/100-0000000a     200@from-internal    Up      Dial(SIP/200)',
      '',
      '1 active channel',
      '1 active call',
    ]);
    expect(msgs[2]!.name).toBe('Newexten');
  });

  it('parses ChanVariable(<channel>) headers into variables and keeps every header', () => {
    const hangup = messagesOf(buf)[3]!;
    expect({ ...hangup.variables }).toEqual({ 'CDR(billsec)': '7', DIALSTATUS: 'ANSWER' });
    expect(hangup.getAll('chanvariable(SIP/100-0000000a)')).toEqual(['CDR(billsec)=7', 'DIALSTATUS=ANSWER']);
  });

  it('takes output that ends without a line break before --END COMMAND--', () => {
    const text =
      'Response: Follows\r\nPrivilege: Command\r\nActionID: 9\r\nNo such command "x"--END COMMAND--\r\n\r\n' +
      'Event: Ping\r\n\r\n';
    const items = decodeEveryWay(text, { expectBanner: false });
    expect(items).toEqual([
      {
        type: 'response',
        headers: [
          ['Response', 'Follows'],
          ['Privilege', 'Command'],
          ['ActionID', '9'],
        ],
        output: ['No such command "x"'],
      },
      { type: 'event', headers: [['Event', 'Ping']], output: [] },
    ]);
  });

  it('treats output lines that look like headers as output once the body has started', () => {
    const text =
      'Response: Follows\r\nPrivilege: Command\r\n  * Name       : 100\nActionID: not-a-header\n--END COMMAND--\r\n\r\n';
    const [msg] = messagesOf(text, { expectBanner: false });
    expect(msg!.headers).toEqual([
      ['Response', 'Follows'],
      ['Privilege', 'Command'],
    ]);
    expect(msg!.actionId).toBeUndefined();
    expect(msg!.output).toEqual(['  * Name       : 100', 'ActionID: not-a-header']);
  });
});

describe('AmiDecoder line endings and framing', () => {
  const frames = [
    ['Response: Success', 'ActionID: 1', 'Message: Authentication accepted'],
    ['Event: Newstate', 'Channel: PJSIP/100-00000001', 'ChannelState: 5'],
  ];
  const build = (eol: string, sep: string): string => frames.map((f) => f.join(eol) + eol + sep).join('');
  const expected = decode([Buffer.from(build('\r\n', '\r\n'))], { expectBanner: false });

  it.each([
    ['one blank line', '\r\n'],
    ['extra blank lines', '\r\n\r\n\r\n'],
  ])('decodes CR LF lines with %s between frames', (_label, sep) => {
    expect(expected).toHaveLength(2);
    expect(decodeEveryWay(build('\r\n', sep), { expectBanner: false })).toEqual(expected);
  });

  it('never ends a line or a frame at a bare \\n or a lone \\r', () => {
    // Bare LF line endings are not AMI: nothing is complete until a CR LF arrives.
    expect(decodeEveryWay(build('\n', '\n'), { expectBanner: false })).toEqual([]);
    expect(decodeEveryWay('Event: A\n\nEvent: B\n\n\r\n\r\n', { expectBanner: false })).toEqual([
      { type: 'event', headers: [['Event', 'A\n\nEvent: B\n\n']], output: [] },
    ]);
    expect(decodeEveryWay('Event: A\rEvent: B\r\r\n\r\n', { expectBanner: false })).toEqual([
      { type: 'event', headers: [['Event', 'A\rEvent: B\r']], output: [] },
    ]);
    // A bare LF after a CR LF starts the next line; it does not make a blank line.
    expect(decodeEveryWay('Event: A\r\n\nX: 1\r\n\r\n', { expectBanner: false })).toEqual([
      {
        type: 'event',
        headers: [
          ['Event', 'A'],
          ['\nX', '1'],
        ],
        output: [],
      },
    ]);
  });

  it('keeps the exact bytes of a dialled %0A%0A injection inside Exten (Asterisk 22 wire capture)', () => {
    const wire =
      'Event: Newchannel\r\nPrivilege: call,all\r\nChannel: PJSIP/web-visitor-00000000\r\n' +
      'Context: assistant-in\r\nExten: a\n\nEvent: Injected\nForged: yes\n\r\nPriority: 1\r\n' +
      'Uniqueid: 1796050859.0\r\n\r\n';
    const items = decodeEveryWay(wire, { expectBanner: false });
    expect(items).toEqual([
      {
        type: 'event',
        headers: [
          ['Event', 'Newchannel'],
          ['Privilege', 'call,all'],
          ['Channel', 'PJSIP/web-visitor-00000000'],
          ['Context', 'assistant-in'],
          ['Exten', 'a\n\nEvent: Injected\nForged: yes\n'],
          ['Priority', '1'],
          ['Uniqueid', '1796050859.0'],
        ],
        output: [],
      },
    ]);
    const [msg] = messagesOf(wire, { expectBanner: false });
    expect(msg!.name).toBe('Newchannel');
    expect(msg!.get('Exten')).toBe('a\n\nEvent: Injected\nForged: yes\n');
    expect(msg!.has('Forged')).toBe(false);
    // With a banner in front, and the frame followed by a real one: still no Injected event.
    const names = messagesOf(`Asterisk Call Manager/11.0.0\r\n${wire}Event: Hangup\r\n\r\n`).map(
      (m) => m.name,
    );
    expect(names).toEqual(['Newchannel', 'Hangup']);
  });

  it('ignores blank lines before the banner, between frames and before the first frame', () => {
    const items = decodeEveryWay(
      '\r\n\r\nAsterisk Call Manager/11.0.0\r\n\r\n\r\nEvent: A\r\n\r\n\r\n\r\nEvent: B\r\n\r\n',
    );
    expect(items).toEqual([
      { banner: 'Asterisk Call Manager/11.0.0' },
      { type: 'event', headers: [['Event', 'A']], output: [] },
      { type: 'event', headers: [['Event', 'B']], output: [] },
    ]);
  });

  it('keeps headers without a value, with and without the space', () => {
    const [msg] = messagesOf('Event: X\r\nAccountCode:\r\nLanguage: \r\nA::b\r\n\r\n', {
      expectBanner: false,
    });
    expect(msg!.headers).toEqual([
      ['Event', 'X'],
      ['AccountCode', ''],
      ['Language', ''],
      ['A', ':b'],
    ]);
  });

  it('keeps every value of a repeated header, in order, under any case', () => {
    const [msg] = messagesOf(
      'Event: VarSet\r\nVariable: A=1\r\nvariable: B=2\r\nVARIABLE: A=3\r\nX: 1\r\nX: 2\r\n\r\n',
      { expectBanner: false },
    );
    expect(msg!.getAll('Variable')).toEqual(['A=1', 'B=2', 'A=3']);
    expect(msg!.getAll('x')).toEqual(['1', '2']);
    expect(msg!.get('VARIABLE')).toBe('A=1');
    expect({ ...msg!.variables }).toEqual({ A: '3', B: '2' });
    expect(msg!.toObject()).toEqual({ Event: 'VarSet', Variable: ['A=1', 'B=2', 'A=3'], X: ['1', '2'] });
  });

  it('reads older Yeastar banners and streams without a banner', () => {
    expect(decode([Buffer.from('Asterisk Call Manager/1.3\r\nEvent: A\r\n\r\n')])[0]).toEqual({
      banner: 'Asterisk Call Manager/1.3',
    });
    // A stream that starts straight with a frame has no banner; nothing is lost.
    expect(decode([Buffer.from('Event: A\r\n\r\n')])).toEqual([
      { type: 'event', headers: [['Event', 'A']], output: [] },
    ]);
  });

  it('puts a line without a colon inside a frame into output', () => {
    const [msg] = messagesOf('Response: Success\r\nsome raw text\r\nOutput: x\r\n\r\n', {
      expectBanner: false,
    });
    expect(msg!.output).toEqual(['some raw text', 'x']);
    expect(msg!.headers).toEqual([
      ['Response', 'Success'],
      ['Output', 'x'],
    ]);
  });

  it('decodes a 4-byte UTF-8 character split between chunks', () => {
    const buf = Buffer.from('Event: X\r\nCallerIDName: 😀 Ёж\r\n\r\n');
    const at = buf.indexOf(0xf0) + 2;
    const [item] = decode([buf.subarray(0, at), buf.subarray(at)], { expectBanner: false });
    expect(item).toEqual({
      type: 'event',
      headers: [
        ['Event', 'X'],
        ['CallerIDName', '😀 Ёж'],
      ],
      output: [],
    });
  });

  it('decodes non-ASCII values however often they repeat: long ones, and more distinct ones than it keeps', () => {
    const names = Array.from({ length: 300 }, (_, i) => `Оператор ${i}`);
    const long = 'Очень длинное имя '.repeat(12);
    const frames = [...names, ...names, long, long].map(
      (name, i) => `Event: Newchannel\r\nCallerIDName: ${name}\r\nUniqueid: ${i}\r\n\r\n`,
    );
    const buf = Buffer.from(frames.join(''), 'utf8');
    const whole = messagesOf(buf).map((m) => m.get('CallerIDName'));
    expect(whole).toEqual([...names, ...names, long, long]);
    expect(decode(byteByByte(buf.subarray(0, 2000)))).toEqual(decode([buf.subarray(0, 2000)]));
  });

  it('accepts Uint8Array chunks that are not Buffers', () => {
    const bytes = new TextEncoder().encode('Event: A\r\n\r\n');
    const out: AmiMessage[] = [];
    new AmiDecoder({ onMessage: (m) => out.push(m) }, { expectBanner: false }).write(bytes);
    expect(out.map((m) => m.name)).toEqual(['A']);
  });

  it('forgets a partial frame and expects a banner again after reset()', () => {
    const items: Item[] = [];
    const decoder = new AmiDecoder({
      onBanner: (banner) => items.push({ banner }),
      onMessage: (m) => items.push({ type: m.type, headers: m.headers, output: m.output }),
    });
    decoder.write(Buffer.from('Asterisk Call Manager/11.0.0\r\nEvent: Half\r\nChan'));
    expect(decoder.buffered).toBeGreaterThan(0);
    decoder.reset();
    expect(decoder.buffered).toBe(0);
    decoder.write(Buffer.from('Asterisk Call Manager/11.0.0\r\nEvent: Whole\r\n\r\n'));
    expect(items).toEqual([
      { banner: 'Asterisk Call Manager/11.0.0' },
      { banner: 'Asterisk Call Manager/11.0.0' },
      { type: 'event', headers: [['Event', 'Whole']], output: [] },
    ]);
  });
});

describe('AmiDecoder limits', () => {
  it('reports an oversized frame, drops it and decodes the next frame', () => {
    const big = `Event: Big\r\n${'X: yyyyyyyyyy\r\n'.repeat(100)}\r\n`;
    const text = `Event: Small\r\n\r\n${big}Event: After\r\n\r\n`;
    const items = decodeEveryWay(text, { expectBanner: false, maxFrameLength: 500 });
    expect(items).toEqual([
      { type: 'event', headers: [['Event', 'Small']], output: [] },
      { error: 'PROTOCOL' },
      { type: 'event', headers: [['Event', 'After']], output: [] },
    ]);
  });

  it('never buffers more than the caps while an endless frame or line arrives', () => {
    const errors: ProtocolError[] = [];
    const decoder = new AmiDecoder(
      { onMessage: () => {}, onError: (e) => errors.push(e) },
      { expectBanner: false, maxFrameLength: 4096, maxLineLength: 256 },
    );
    for (let i = 0; i < 2000; i++) {
      decoder.write(Buffer.from(`H${i}: value\r\n`));
      expect(decoder.buffered).toBeLessThanOrEqual(4096 + 256);
    }
    expect(errors).toHaveLength(1);
    decoder.write(Buffer.from('\r\n'));
    for (let i = 0; i < 2000; i++) {
      decoder.write(Buffer.from('no line break here '));
      expect(decoder.buffered).toBeLessThanOrEqual(4096 + 256);
    }
    expect(errors).toHaveLength(2);
    expect(errors[1]).toBeInstanceOf(ProtocolError);
    expect(errors[1]!.message).toMatch(/maxLineLength/);
    const out: AmiMessage[] = [];
    const d2 = new AmiDecoder({ onMessage: (m) => out.push(m), onError: () => {} }, { expectBanner: false });
    d2.write(Buffer.from(`Event: A\r\nLong: ${'z'.repeat(70_000)}\r\n\r\nEvent: B\r\n\r\n`));
    expect(out.map((m) => m.name)).toEqual(['B']);
  });

  it('drops a frame whose line was too long once the line ends, then resumes', () => {
    const items = decode(
      [
        Buffer.from('Event: A\r\nX: '),
        Buffer.from('y'.repeat(300)),
        Buffer.from('\r\nZ: 1\r\n\r\nEvent: B\r\n\r\n'),
      ],
      { expectBanner: false, maxLineLength: 100 },
    );
    expect(items).toEqual([{ error: 'PROTOCOL' }, { type: 'event', headers: [['Event', 'B']], output: [] }]);
  });

  it('counts bare \\n inside a value towards maxLineLength, however the line is chunked', () => {
    const text = `Event: A\r\nX: ${'ab\n'.repeat(50)}\r\nY: 1\r\n\r\nEvent: B\r\n\r\n`;
    expect(decodeEveryWay(text, { expectBanner: false, maxLineLength: 100 })).toEqual([
      { error: 'PROTOCOL' },
      { type: 'event', headers: [['Event', 'B']], output: [] },
    ]);
    const ok = `Event: A\r\nX: ${'ab\n'.repeat(20)}\r\n\r\n`;
    expect(decodeEveryWay(ok, { expectBanner: false, maxLineLength: 100 })).toEqual([
      {
        type: 'event',
        headers: [
          ['Event', 'A'],
          ['X', 'ab\n'.repeat(20)],
        ],
        output: [],
      },
    ]);
  });

  it('skips an oversized frame up to CR LF CR LF, not up to a \\n\\n inside a value', () => {
    const text =
      `Event: Big\r\nX: ${'y'.repeat(600)}\r\nZ: a\n\nEvent: Injected\n\n\r\nW: 1\r\n\r\n` +
      'Event: After\r\n\r\n';
    expect(decodeEveryWay(text, { expectBanner: false, maxFrameLength: 500 })).toEqual([
      { error: 'PROTOCOL' },
      { type: 'event', headers: [['Event', 'After']], output: [] },
    ]);
    const long = `Event: Big\r\nX: ${'y'.repeat(300)}\r\nZ: a\n\nEvent: Injected\n\n\r\n\r\nEvent: After\r\n\r\n`;
    expect(decodeEveryWay(long, { expectBanner: false, maxLineLength: 100 })).toEqual([
      { error: 'PROTOCOL' },
      { type: 'event', headers: [['Event', 'After']], output: [] },
    ]);
  });

  it('drops the rest of an overlong line up to its CR LF even when a bare \\n comes first', () => {
    const text = `Event: A\r\nX: ${'y'.repeat(300)}\nEvent: Injected\n\n\r\n\r\nEvent: B\r\n\r\n`;
    expect(decodeEveryWay(text, { expectBanner: false, maxLineLength: 100 })).toEqual([
      { error: 'PROTOCOL' },
      { type: 'event', headers: [['Event', 'B']], output: [] },
    ]);
  });

  it('rejects limits that are not positive integers with a ValidationError naming each', () => {
    expect(() => new AmiDecoder({ onMessage: () => {} }, { maxFrameLength: 0 })).toThrow(/maxFrameLength/);
    expect(() => new AmiDecoder({ onMessage: () => {} }, { maxLineLength: 1.5 })).toThrow(/maxLineLength/);
    let error: unknown;
    try {
      new AmiDecoder({ onMessage: () => {} }, { maxFrameLength: -1, maxLineLength: 0 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.field)).toEqual([
      'maxFrameLength',
      'maxLineLength',
    ]);
  });

  it('says in the ProtocolError which limit was hit: the frame length or the line length', () => {
    const messages = (text: string, options: AmiDecoderOptions): string[] => {
      const out: string[] = [];
      const decoder = new AmiDecoder({ onMessage: () => {}, onError: (e) => out.push(e.message) }, options);
      decoder.write(Buffer.from(text));
      return out;
    };
    const [frame] = messages(`Event: Big\r\n${'X: yyyyyyyyyy\r\n'.repeat(100)}\r\n`, {
      expectBanner: false,
      maxFrameLength: 500,
    });
    expect(frame).toMatch(/frame length limit \(maxFrameLength, 500 characters/);
    expect(frame).not.toMatch(/line length/);
    const [line] = messages(`Event: A\r\nX: ${'y'.repeat(300)}\r\n\r\n`, {
      expectBanner: false,
      maxLineLength: 100,
    });
    expect(line).toMatch(/line length limit \(maxLineLength, 100 characters/);
    expect(line).not.toMatch(/frame length/);
  });
});

describe('AmiDecoder callbacks', () => {
  it('delivers every message of a write even when a callback throws, then rethrows', () => {
    const seen: string[] = [];
    const decoder = new AmiDecoder(
      {
        onMessage: (m) => {
          seen.push(m.name!);
          if (m.name === 'A') throw new Error('listener bug');
        },
      },
      { expectBanner: false },
    );
    expect(() => decoder.write(Buffer.from('Event: A\r\n\r\nEvent: B\r\n\r\nEvent: C\r\nX: 1'))).toThrow(
      'listener bug',
    );
    expect(seen).toEqual(['A', 'B']);
    decoder.write(Buffer.from('\r\n\r\n'));
    expect(seen).toEqual(['A', 'B', 'C']);
  });

  it('rethrows an AggregateError when several callbacks throw in one write', () => {
    const decoder = new AmiDecoder(
      {
        onMessage: (m) => {
          throw new Error(`bad ${m.name}`);
        },
      },
      { expectBanner: false },
    );
    let caught: unknown;
    try {
      decoder.write(Buffer.from('Event: A\r\n\r\nEvent: B\r\n\r\n'));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AggregateError);
    expect((caught as AggregateError).errors.map((e: Error) => e.message)).toEqual(['bad A', 'bad B']);
  });

  it('keeps stream order when a callback writes to the decoder', () => {
    const seen: string[] = [];
    const decoder: AmiDecoder = new AmiDecoder(
      {
        onMessage: (m) => {
          seen.push(m.name!);
          if (m.name === 'A') decoder.write(Buffer.from('Event: C\r\n\r\n'));
        },
      },
      { expectBanner: false },
    );
    decoder.write(Buffer.from('Event: A\r\n\r\nEvent: B\r\n\r\n'));
    expect(seen).toEqual(['A', 'B', 'C']);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const headerName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_()/-]{0,15}$/);
/**
 * Values: any text, bare \\n and lone \\r included (Asterisk writes dialled digits and caller names
 * verbatim), but never a CR LF pair, which no decoder can tell from a line break.
 */
const headerValue = fc
  .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.constantFrom('\n', '\r', '\n\n')), {
    maxLength: 6,
  })
  .map((parts) => parts.join(''))
  .filter((v) => !v.includes('\r\n'));
const frameArb = fc
  .array(fc.tuple(headerName, headerValue), { minLength: 1, maxLength: 8 })
  .filter(([first]) => !(first![0].toLowerCase() === 'response' && first![1].toLowerCase() === 'follows'));

function splitAt(buf: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let prev = 0;
  for (const p of points) {
    parts.push(buf.subarray(prev, p));
    prev = p;
  }
  parts.push(buf.subarray(prev));
  return parts;
}

describe('AmiDecoder properties', () => {
  it('any sequence of valid frames, values with bare \\n or \\r included, parses to exactly those frames in any chunking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(frameArb, fc.nat(2)), { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (frames, cuts) => {
          let text = 'Asterisk Call Manager/11.0.0\r\n';
          for (const [headers, extraBlank] of frames) {
            for (const [n, v] of headers) text += `${n}: ${v}\r\n`;
            text += '\r\n'.repeat(1 + extraBlank);
          }
          const buf = Buffer.from(text, 'utf8');
          const items = decode(splitAt(buf, cuts));
          expect(items).toEqual(decode([buf]));
          expect(items[0]).toEqual({ banner: 'Asterisk Call Manager/11.0.0' });
          const messages = items.slice(1) as Array<{ headers: Array<[string, string]> }>;
          expect(messages.map((m) => m.headers)).toEqual(frames.map(([headers]) => headers));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads non-ASCII and malformed UTF-8 as the UTF-8 decoding of the whole stream, in any chunking', () => {
    // Lines of ASCII, UTF-8 text (2-, 3- and 4-byte characters) and broken sequences: a stray
    // continuation byte, a lead byte without its continuation, a truncated 4-byte character, 0xFF.
    const piece = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9 :=-]{0,12}$/).map((s) => Buffer.from(s, 'latin1')),
      fc
        .constantFrom('Оператор Два', 'ООО «Ромашка»', 'café', '中文', '😀', '\n', '\r')
        .map((s) => Buffer.from(s)),
      fc
        .constantFrom([0x80], [0xc3], [0xd0], [0xf0, 0x9f, 0x98], [0xff], [0xe2, 0x82])
        .map((b) => Buffer.from(b)),
    );
    const line = fc
      .tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,10}$/), fc.array(piece, { maxLength: 6 }))
      .map(([name, parts]) => Buffer.concat([Buffer.from(`${name}: `), ...parts, Buffer.from('\r\n')]))
      .filter((b) => !b.subarray(0, -2).includes('\r\n'));
    const frame = fc
      .array(line, { minLength: 1, maxLength: 6 })
      .map((lines) => Buffer.concat([Buffer.from('Event: Test\r\n'), ...lines, Buffer.from('\r\n')]));
    fc.assert(
      fc.property(
        fc.array(frame, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (frames, cuts) => {
          const buf = Buffer.concat([Buffer.from('Asterisk Call Manager/11.0.0\r\n'), ...frames]);
          const whole = decode([buf]);
          expect(decode(byteByByte(buf))).toEqual(whole);
          expect(decode(splitAt(buf, cuts))).toEqual(whole);
          // Its text, with every broken sequence as U+FFFD, encoded again: the same items.
          expect(decode([Buffer.from(buf.toString('utf8'), 'utf8')])).toEqual(whole);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('random garbage never throws out of write and never buffers past the caps', () => {
    const caps = { maxFrameLength: 512, maxLineLength: 128 };
    const piece = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.constantFrom(
        ...[
          '\r\n',
          '\n',
          '\r',
          ':',
          'Response: Follows\r\n',
          '--END COMMAND--',
          '\r\n\r\n',
          'Event: X\r\n',
          'X: a\n\n',
        ].map((s) => new TextEncoder().encode(s)),
      ),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (chunks) => {
        const decoder = new AmiDecoder({ onMessage: () => {}, onBanner: () => {}, onError: () => {} }, caps);
        for (const chunk of chunks) {
          decoder.write(chunk);
          expect(decoder.buffered).toBeLessThanOrEqual(caps.maxFrameLength + caps.maxLineLength);
        }
      }),
      { numRuns: 500 },
    );
  });
});
