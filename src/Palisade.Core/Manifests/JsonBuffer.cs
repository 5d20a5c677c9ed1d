using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Palisade.Core.Manifests;

/// <summary>A JSON writer and its buffer, reused for every document of one input.</summary>
internal sealed class JsonBuffer : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);

    // Relaxed escaping: the JSON is only parsed back, never embedded in HTML.
    private readonly Utf8JsonWriter _writer;

    public JsonBuffer() =>
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public Utf8JsonWriter Start()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        return _writer;
    }

    public void Dispose() => _writer.Dispose();
}
