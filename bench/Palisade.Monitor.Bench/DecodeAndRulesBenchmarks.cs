using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Palisade.Core.Monitoring;
using Palisade.Monitor.Points;

namespace Palisade.Monitor.Bench;

/// <summary>
/// One sandbox's stream as the sink sees it: header + protobuf, decoded and run through the built-in sandbox rules.
/// The mix is 70% openat, 20% execve, 10% connect, none of which fires (the common case).
/// </summary>
[MemoryDiagnoser]
public class DecodeAndRulesBenchmarks
{
    private const int Messages = 1000;
    private readonly List<byte[]> stream = [];
    private RuleSet rules = null!;
    private SandboxState state = null!;

    [GlobalSetup]
    public void Setup()
    {
        rules = RulesFiles.Load([]).Rules!;
        state = new SandboxState();
        var context = new ContextData { ThreadGroupId = 42, ThreadId = 42, ContainerId = "0123456789abcdef", ProcessName = "python3", Cwd = "/app", Credentials = new Credentials { EffectiveUid = 1000 } };
        for (var i = 0; i < Messages; i++)
        {
            (ushort Type, IMessage Message) item = (i % 10) switch
            {
                < 7 => (MessageType.SyscallOpen, new Open { ContextData = context, Exit = new Exit { Result = 5 }, Sysno = 257, Pathname = $"/app/data/file{i}.json", Flags = 0 }),
                < 9 => (MessageType.SentryExec, new ExecveInfo { ContextData = context, BinaryPath = "/usr/bin/python3", Argv = { "python3", "worker.py", "--n", i.ToString(System.Globalization.CultureInfo.InvariantCulture) } }),
                _ => (MessageType.SyscallConnect, new Connect { ContextData = context, Exit = new Exit { Result = 0 }, Sysno = 42, Fd = 3, Address = ByteString.CopyFrom([2, 0, 0x1f, 0x90, 10, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0]) }),
            };
            var payload = item.Message.ToByteArray();
            var message = new byte[WireHeader.MinimumSize + payload.Length];
            WireHeader.Write(message, item.Type, 0);
            payload.CopyTo(message, WireHeader.MinimumSize);
            stream.Add(message);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public int DecodeOnly()
    {
        var decoded = 0;
        foreach (var message in stream)
        {
            var header = WireHeader.TryRead(message)!.Value;
            if (PointDecoder.Decode(header.MessageType, message.AsSpan(header.HeaderSize), state, out _) == DecodeOutcome.Event)
            {
                decoded++;
            }
        }

        return decoded;
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public int DecodeAndRules()
    {
        var alerts = 0;
        foreach (var message in stream)
        {
            var header = WireHeader.TryRead(message)!.Value;
            if (PointDecoder.Decode(header.MessageType, message.AsSpan(header.HeaderSize), state, out var e) == DecodeOutcome.Event)
            {
                alerts += rules.Evaluate(e!)?.Count ?? 0;
            }
        }

        return alerts;
    }
}
