using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Palisade.Webhook;

/// <summary>
/// Logs one JSON object per line (time, level, category, event id, message and the structured fields) to a stream.
/// Lines are formatted on the caller's thread and written by one background thread in batches, so a decision line
/// costs no system call on the request path; when the writer falls behind by <see cref="Capacity"/> lines, new lines
/// are dropped (and counted in the next line written) rather than slowing admissions down.
/// </summary>
public sealed class JsonLinesLoggerProvider : ILoggerProvider
{
    private const int Capacity = 100_000;
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Stream output;
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(20);

    private readonly ConcurrentQueue<byte[]> queue = new();
    private readonly SemaphoreSlim pending = new(0);
    private readonly Thread writer;
    private long dropped;
    private int queued;
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

    private void Enqueue(byte[] line)
    {
        if (Interlocked.Increment(ref queued) > Capacity)
        {
            Interlocked.Decrement(ref queued);
            Interlocked.Increment(ref dropped);
            return;
        }

        queue.Enqueue(line);

        // Only wake the writer when it sleeps: no semaphore traffic per line under load.
        if (Interlocked.Exchange(ref sleeping, 0) == 1)
        {
            pending.Release();
        }
    }

    private void WriteLoop()
    {
        try
        {
            while (true)
            {
                var wrote = false;
                while (queue.TryDequeue(out var line))
                {
                    Interlocked.Decrement(ref queued);
                    output.Write(line);
                    wrote = true;
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
                if (queue.IsEmpty)
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

    private sealed class Logger(JsonLinesLoggerProvider owner, string category) : ILogger
    {
        [ThreadStatic]
        private static ArrayBufferWriter<byte>? t_buffer;

        [ThreadStatic]
        private static Utf8JsonWriter? t_json;

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
            json.WriteString("time", DateTime.UtcNow);
            json.WriteString("level", LevelName(logLevel));
            json.WriteString("category", category);
            json.WriteNumber("eventId", eventId.Id);
            json.WriteString("message", formatter(state, exception));
            if (state is IReadOnlyList<KeyValuePair<string, object?>> fields)
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

            if (exception is not null)
            {
                json.WriteString("exception", exception.ToString());
            }

            json.WriteEndObject();
            json.Flush();

            var line = new byte[buffer.WrittenCount + 1];
            buffer.WrittenSpan.CopyTo(line);
            line[^1] = (byte)'\n';
            owner.Enqueue(line);
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
}
