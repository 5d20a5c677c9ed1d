using System.Collections;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Palisade.Webhook.Tests;

public sealed class JsonLinesLoggerProviderTests
{
    public static TheoryData<int> Cases => new(Enumerable.Range(0, Entries.Length));

    private static readonly DecisionLogEntry[] Entries =
    [
        new("mutate", "patched", "Pod", "team-a", "pod-1", "vendor", "kata", false, "b5f8e6a2", "alice@example.com", 0.1234, ""),
        new("validate", "denied", "Pod", null, null, "", "", true, "u\"id\\", null, 12.5, "runtime policy tier \"vendor\" (pod label vendor-workload=true) <denied> é ✓ \u0001"),
        new("mutate", "warned", "Deployment", "", "web", "trusted", "", false, "x", "", 0, null),

        // Longer than the message's stack buffer: the fallback path must give the same line.
        new("mutate", "denied", "Pod", "team-b", "big", "untrusted", "gvisor", false, "y", "bob", 1234.56789, string.Join("; ", Enumerable.Repeat("container \"app\" must set securityContext.runAsNonRoot=true", 40))),
    ];

    [Fact]
    public void Log_DecisionEvent_OneJsonObjectPerLineWithItsFields()
    {
        var lines = Capture(logger =>
        {
            for (var i = 0; i < 1000; i++)
            {
                WebhookLog.Decision(logger, new DecisionLogEntry("mutate", "patched", "Pod", "team-a", $"pod-{i}", "vendor", "kata", false, "uid", "alice", 0.1234, null));
            }
        });

        Assert.Equal(1000, lines.Length);
        var last = JsonNode.Parse(lines[^1])!;
        Assert.Equal("Information", (string?)last["level"]);
        Assert.Equal(1, (int)last["eventId"]!);
        Assert.Equal("pod-999", (string?)last["Name"]);
        Assert.Equal("team-a", (string?)last["namespace"]);
        Assert.False((bool)last["DryRun"]!);
        Assert.Equal(0.123, (double)last["Milliseconds"]!);
        Assert.StartsWith("admission mutate patched Pod team-a/pod-999", (string?)last["message"], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Log_DecisionEntry_DirectPathWritesWhatTheGenericPathWrites(int index)
    {
        var entry = Entries[index];
        // The same fields behind a type the logger does not know take the generic path (formatter plus field list).
        var direct = Capture(logger => WebhookLog.Decision(logger, entry));
        var generic = Capture(logger =>
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.Log(LogLevel.Information, DecisionLogEntry.EventId, new Fields(entry), null, (f, _) => f.Entry.ToString());
            }
        });

        Assert.Equal(WithoutTime(Assert.Single(generic)), WithoutTime(Assert.Single(direct)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Log_DecisionEntryToAnotherLogger_SameMessageAsTheTemplate(int index)
    {
        var entry = Entries[index];
        // What a text logger prints: the template with each field, null as empty, as the generated method did.
        var expected = $"admission {entry.Operation} {entry.Verdict} {entry.Kind} {entry.Namespace}/{entry.Name} tier={entry.Tier} runtimeClass={entry.RuntimeClass} dryRun={entry.DryRun} uid={entry.Uid} user={entry.User} ms={entry.Milliseconds} {entry.Message}";
        var capture = new LogCapture();
        WebhookLog.Decision(capture.CreateLogger("Palisade.Webhook"), entry);

        Assert.Equal("Information: " + expected, Assert.Single(capture.Lines));
        Assert.Equal(DecisionLogEntry.Template, entry[^1].Value);
    }

    [Fact]
    public void Log_LinesOfEverySizeFromManyThreads_EachWrittenWholeOnceAndInOrderPerThread()
    {
        // Lines from 1 byte of message up to past a 64 KiB chunk, from 4 threads at once, cross every chunk boundary.
        const int PerThread = 600;
        var lines = Capture(logger => Parallel.For(0, 4, thread =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                var size = i % 100 == 99 ? 70_000 + i : (i * 37) % 3000;
                WebhookLog.Decision(logger, new DecisionLogEntry("mutate", "allowed", "Pod", $"t{thread}", $"{i}", "", "", false, "u", null, 0, new string('x', size)));
            }
        }));

        Assert.Equal(4 * PerThread, lines.Length);
        foreach (var group in lines.Select(l => JsonNode.Parse(l)!).GroupBy(l => (string)l["namespace"]!))
        {
            var names = group.Select(l => int.Parse((string)l["Name"]!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(Enumerable.Range(0, PerThread), names);
            Assert.All(group, l => Assert.Equal(MessageSize(int.Parse((string)l["Name"]!, System.Globalization.CultureInfo.InvariantCulture)), ((string)l["Message"]!).Length));
        }

        static int MessageSize(int i) => i % 100 == 99 ? 70_000 + i : (i * 37) % 3000;
    }

    private static string[] Capture(Action<ILogger> log)
    {
        using var output = new MemoryStream();
        using (var provider = new JsonLinesLoggerProvider(output))
        {
            log(provider.CreateLogger("Palisade.Webhook"));
        }

        return Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static string WithoutTime(string line)
    {
        var node = JsonNode.Parse(line)!.AsObject();
        Assert.NotNull(node["time"]);
        node.Remove("time");
        return node.ToJsonString();
    }

    /// <summary>The entry's fields as a plain list, so the logger cannot recognise the entry type.</summary>
    private sealed class Fields(DecisionLogEntry entry) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public DecisionLogEntry Entry => entry;

        public int Count => entry.Count;

        public KeyValuePair<string, object?> this[int index] => entry[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => entry.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
