using System.Buffers.Binary;

namespace Palisade.Monitor;

/// <summary>
/// The 8-byte header gVisor's remote sink puts before each protobuf payload: uint16 header size, uint16 message
/// type, uint32 dropped count, little-endian. A larger header size is honoured (newer senders may add fields).
/// </summary>
internal readonly record struct WireHeader(int HeaderSize, ushort MessageType, uint DroppedCount)
{
    public const int MinimumSize = 8;

    /// <summary>Reads the header of <paramref name="message"/>, or null when it is shorter than it says.</summary>
    public static WireHeader? TryRead(ReadOnlySpan<byte> message)
    {
        if (message.Length < MinimumSize)
        {
            return null;
        }

        var size = BinaryPrimitives.ReadUInt16LittleEndian(message);
        if (size < MinimumSize || size > message.Length)
        {
            return null;
        }

        return new WireHeader(size, BinaryPrimitives.ReadUInt16LittleEndian(message[2..]), BinaryPrimitives.ReadUInt32LittleEndian(message[4..]));
    }

    /// <summary>Writes a header (for tests and the fake sandbox).</summary>
    public static void Write(Span<byte> destination, ushort messageType, uint dropped, ushort headerSize = MinimumSize)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination, headerSize);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], messageType);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], dropped);
    }
}
