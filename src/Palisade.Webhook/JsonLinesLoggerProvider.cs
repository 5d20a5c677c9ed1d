using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Palisade.Webhook;

/// <summary>
/// Logs one JSON object per line (time, level, category, event id, message and the structured fields) to a stream.
/// Lines are formatted on the caller's thread and copied into a shared chunk; one background thread writes whole
/// chunks in batches, so a decision line costs no system call and, once the chunks are warm, no allocation on the
/// request path. When the writer falls behind by <see cref="Capacity"/> lines, new lines are dropped (and counted in
/// the next line written) rather than slowing admissions down.
/// </summary>
public sealed class JsonLinesLoggerProvider : ILoggerProvider
{
    private const int Capacity = 100_000;
    private const int ChunkSize = 64 * 1024;

    /// <summary>Chunks kept for reuse once written; more than this many in flight are left to the GC.</summary>
    private const int SpareChunks = 16;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(20);

    private readonly Stream output;
    private readonly Lock gate = new();
    private readonly Queue<(byte[] Chunk, int Length)> sealedChunks = new();
    private readonly Stack<byte[]> spare = new();
    private readonly SemaphoreSlim pending = new(0);
    private readonly Thread writer;
    private byte[] current = new byte[ChunkSize];
    private int used;
    private int queued;
    private long dropped;
    private int sleeping;
    private volatile bool stopping;

    /// <summary>Writes to <paramref name="output"/>, which should be buffered: it is flushed once per batch.</summary>
    public JsonLinesLoggerProvider(Stream output)
    {
        this.output = output;
        writer = new Thread(WriteLoop) { IsBackground = true, Name = "palisade-log-writer" };
        writer.Start();
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
        stopping = true;
        pending.Release();
        writer.Join(TimeSpan.FromSeconds(2));
        pending.Dispose();
    }

    private void Enqueue(ReadOnlySpan<byte> line)
    {
        if (Interlocked.Increment(ref queued) > Capacity)
        {
            Interlocked.Decrement(ref queued);
            Interlocked.Increment(ref dropped);
            return;
        }

        lock (gate)
        {
            if (used + line.Length > current.Length)
            {
                Seal(line.Length);
            }

            line.CopyTo(current.AsSpan(used));
            used += line.Length;
        }

        // Only wake the writer when it sleeps: no semaphore traffic per line under load.
        if (Interlocked.Exchange(ref sleeping, 0) == 1)
        {
            pending.Release();
        }
    }

    /// <summary>Hands the current chunk to the writer and starts another with room for <paramref name="next"/> bytes. Under the gate.</summary>
    private void Seal(int next)
    {
        if (used > 0)
        {
            sealedChunks.Enqueue((current, used));
        }
        else if (current.Length == ChunkSize && spare.Count < SpareChunks)
        {
            spare.Push(current);
        }

        current = next <= ChunkSize && spare.TryPop(out var reused) ? reused : new byte[Math.Max(ChunkSize, next)];
        used = 0;
    }

    private void WriteLoop()
    {
        try
        {
            while (true)
            {
                var wrote = false;
                while (TakeChunk() is { } chunk)
                {
                    output.Write(chunk.Chunk, 0, chunk.Length);
                    wrote = true;
                    Recycle(chunk.Chunk);
                }

                if (Interlocked.Exchange(ref dropped, 0) is var lost and > 0)
                {
                    output.Write(System.Text.Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"level\":\"Warning\",\"message\":\"{lost} log lines dropped: the log writer fell behind\"}}\n")));
                    wrote = true;
                }

                if (wrote)
                {
                    output.Flush();

                    // Let lines gather: one write per window under load instead of one per line.
                    Thread.Sleep(BatchWindow);
                    continue;
                }

                if (stopping)
                {
                    return;
                }

                Volatile.Write(ref sleeping, 1);
                if (IsEmpty())
                {
                    pending.Wait();
                }

                Volatile.Write(ref sleeping, 0);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // Standard output is gone (a closed pipe): logging stops, admissions go on.
        }
    }

    /// <summary>The oldest chunk with lines in it, sealing the current one when nothing older is waiting.</summary>
    private (byte[] Chunk, int Length)? TakeChunk()
    {
        lock (gate)
        {
            if (sealedChunks.Count == 0)
            {
                if (used == 0)
                {
                    return null;
                }

                Seal(0);
            }

            var chunk = sealedChunks.Dequeue();
            Interlocked.Add(ref queued, -CountLines(chunk.Chunk.AsSpan(0, chunk.Length)));
            return chunk;
        }
    }

    private void Recycle(byte[] chunk)
    {
        if (chunk.Length != ChunkSize)
        {
            return;
        }

        lock (gate)
        {
            if (spare.Count < SpareChunks)
            {
                spare.Push(chunk);
            }
        }
    }

    private bool IsEmpty()
    {
        lock (gate)
        {
            return used == 0 && sealedChunks.Count == 0;
        }
    }

    /// <summary>Every line ends with the only raw newline it holds: JSON escapes the ones inside strings.</summary>
    private static int CountLines(ReadOnlySpan<byte> text) => text.Count((byte)'\n');

    private sealed class Logger(JsonLinesLoggerProvider owner, string category) : ILogger
    {
        private static readonly JsonEncodedText Time = JsonEncodedText.Encode("time");
        private static readonly JsonEncodedText Level = JsonEncodedText.Encode("level");
        private static readonly JsonEncodedText Category = JsonEncodedText.Encode("category");
        private static readonly JsonEncodedText EventIdName = JsonEncodedText.Encode("eventId");
        private static readonly JsonEncodedText MessageName = JsonEncodedText.Encode("message");

        [ThreadStatic]
        private static ArrayBufferWriter<byte>? t_buffer;

        [ThreadStatic]
        private static Utf8JsonWriter? t_json;

        private readonly JsonEncodedText categoryText = JsonEncodedText.Encode(category, WriterOptions.Encoder);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
            buffer.ResetWrittenCount();

            // One writer per thread, reset for each line: no writer allocated per decision.
            var json = t_json ??= new Utf8JsonWriter(buffer, WriterOptions);
            json.Reset(buffer);
            json.WriteStartObject();
            json.WriteString(Time, TimeProvider.System.GetUtcNow().UtcDateTime);
            json.WriteString(Level, LevelName(logLevel));
            json.WriteString(Category, categoryText);
            json.WriteNumber(EventIdName, eventId.Id);

            // Known at JIT time for each TState: the decision line takes the direct path, with no boxing.
            if (typeof(TState) == typeof(DecisionLogEntry))
            {
                DecisionFields.Write(json, Unsafe.As<TState, DecisionLogEntry>(ref state));
            }
            else
            {
                json.WriteString(MessageName, formatter(state, exception));
                if (state is IReadOnlyList<KeyValuePair<string, object?>> fields)
                {
                    WriteFields(json, fields);
                }
            }

            if (exception is not null)
            {
                json.WriteString("exception", exception.ToString());
            }

            json.WriteEndObject();
            json.Flush();
            buffer.GetSpan(1)[0] = (byte)'\n';
            buffer.Advance(1);
            owner.Enqueue(buffer.WrittenSpan);
        }

        private static void WriteFields(Utf8JsonWriter json, IReadOnlyList<KeyValuePair<string, object?>> fields)
        {
            foreach (var (key, value) in fields)
            {
                if (key == "{OriginalFormat}")
                {
                    continue;
                }

                var name = key.StartsWith('@') ? key[1..] : key;
                switch (value)
                {
                    case null:
                        json.WriteNull(name);
                        break;
                    case bool b:
                        json.WriteBoolean(name, b);
                        break;
                    case int i:
                        json.WriteNumber(name, i);
                        break;
                    case double d:
                        json.WriteNumber(name, Math.Round(d, 3));
                        break;
                    case DateTime t:
                        json.WriteString(name, t);
                        break;
                    default:
                        json.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture));
                        break;
                }
            }
        }

        private static string LevelName(LogLevel level) => level switch
        {
            LogLevel.Trace => "Trace",
            LogLevel.Debug => "Debug",
            LogLevel.Information => "Information",
            LogLevel.Warning => "Warning",
            LogLevel.Error => "Error",
            _ => "Critical",
        };
    }

    /// <summary>The decision line's message and fields, written as <see cref="Logger.WriteFields"/> would write them.</summary>
    private static class DecisionFields
    {
        private static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
        private static readonly JsonEncodedText Operation = JsonEncodedText.Encode("Operation");
        private static readonly JsonEncodedText Verdict = JsonEncodedText.Encode("Verdict");
        private static readonly JsonEncodedText Kind = JsonEncodedText.Encode("Kind");
        private static readonly JsonEncodedText Namespace = JsonEncodedText.Encode("namespace");
        private static readonly JsonEncodedText Name = JsonEncodedText.Encode("Name");
        private static readonly JsonEncodedText Tier = JsonEncodedText.Encode("Tier");
        private static readonly JsonEncodedText RuntimeClass = JsonEncodedText.Encode("RuntimeClass");
        private static readonly JsonEncodedText DryRun = JsonEncodedText.Encode("DryRun");
        private static readonly JsonEncodedText Uid = JsonEncodedText.Encode("Uid");
        private static readonly JsonEncodedText User = JsonEncodedText.Encode("User");
        private static readonly JsonEncodedText Milliseconds = JsonEncodedText.Encode("Milliseconds");
        private static readonly JsonEncodedText Text = JsonEncodedText.Encode("Message");

        public static void Write(Utf8JsonWriter json, in DecisionLogEntry entry)
        {
            Span<byte> message = stackalloc byte[1024];
            if (entry.TryFormatMessage(message, out var length))
            {
                json.WriteString(Message, message[..length]);
            }
            else
            {
                json.WriteString(Message, entry.ToString());
            }

            json.WriteString(Operation, entry.Operation);
            json.WriteString(Verdict, entry.Verdict);
            json.WriteString(Kind, entry.Kind);
            json.WriteString(Namespace, entry.Namespace);
            json.WriteString(Name, entry.Name);
            json.WriteString(Tier, entry.Tier);
            json.WriteString(RuntimeClass, entry.RuntimeClass);
            json.WriteBoolean(DryRun, entry.DryRun);
            json.WriteString(Uid, entry.Uid);
            json.WriteString(User, entry.User);
            json.WriteNumber(Milliseconds, Math.Round(entry.Milliseconds, 3));
            json.WriteString(Text, entry.Message);
        }
    }
}
