using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Microsoft.Extensions.Logging;

namespace Palisade.Webhook;

/// <summary>
/// The decision log line (event 1), one per admission. It is logged as its own state instead of through a
/// <c>[LoggerMessage]</c> method because it is the one event on the hot path: <see cref="JsonLinesLoggerProvider"/>
/// recognises it and writes its fields and message straight to UTF-8, with no message string and no boxed field.
/// Any other logger sees what the generated method gave: the same message and the same structured fields.
/// </summary>
internal readonly record struct DecisionLogEntry(
    string Operation,
    string Verdict,
    string Kind,
    string? Namespace,
    string? Name,
    string Tier,
    string RuntimeClass,
    bool DryRun,
    string Uid,
    string? User,
    double Milliseconds,
    string? Message) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public const string Template = "admission {Operation} {Verdict} {Kind} {Namespace}/{Name} tier={Tier} runtimeClass={RuntimeClass} dryRun={DryRun} uid={Uid} user={User} ms={Milliseconds} {Message}";

    public static readonly EventId EventId = new(1, "Decision");

    public static readonly Func<DecisionLogEntry, Exception?, string> Formatter = static (entry, _) => entry.ToString();

    public int Count => 13;

    /// <summary>The structured fields, named as the generated method named them (<c>@namespace</c> included).</summary>
    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("Operation", Operation),
        1 => new("Verdict", Verdict),
        2 => new("Kind", Kind),
        3 => new("@namespace", Namespace),
        4 => new("Name", Name),
        5 => new("Tier", Tier),
        6 => new("RuntimeClass", RuntimeClass),
        7 => new("DryRun", DryRun),
        8 => new("Uid", Uid),
        9 => new("User", User),
        10 => new("Milliseconds", Milliseconds),
        11 => new("Message", Message),
        12 => new("{OriginalFormat}", Template),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Writes the message in UTF-8; false when <paramref name="destination"/> is too small.</summary>
    public bool TryFormatMessage(Span<byte> destination, out int written) =>
        Utf8.TryWrite(destination, CultureInfo.InvariantCulture, $"admission {Operation} {Verdict} {Kind} {Namespace}/{Name} tier={Tier} runtimeClass={RuntimeClass} dryRun={DryRun} uid={Uid} user={User} ms={Milliseconds} {Message}", out written);

    public override string ToString()
    {
        for (var size = 512; ; size *= 4)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                if (TryFormatMessage(buffer, out var written))
                {
                    return Encoding.UTF8.GetString(buffer, 0, written);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
