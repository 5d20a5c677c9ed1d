using System.Net.Sockets;
using Google.Protobuf;
using Palisade.Monitor;
using Palisade.Monitor.Points;

namespace Palisade.Monitor.Tests;

/// <summary>A client that talks to the sink the way runsc's remote sink does, or deliberately does not.</summary>
internal sealed class FakeSandbox : IDisposable
{
    private readonly Socket socket = new(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);

    private FakeSandbox(string path) => socket.Connect(new UnixDomainSocketEndPoint(path));

    public static FakeSandbox ConnectOnly(string path) => new(path);

    public static async Task<FakeSandbox> ConnectAsync(string path)
    {
        var sandbox = new FakeSandbox(path);
        await sandbox.SendRawAsync(new Handshake { Version = 1 }.ToByteArray());
        var buffer = new byte[256];
        var received = await sandbox.socket.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(10));
        var theirs = Handshake.Parser.ParseFrom(buffer, 0, received);
        Assert.Equal(1u, theirs.Version);
        return sandbox;
    }

    public Task SendAsync(ushort type, IMessage message, uint dropped = 0) => SendAsync(type, message.ToByteArray(), dropped);

    public async Task SendAsync(ushort type, byte[] payload, uint dropped = 0, ushort headerSize = WireHeader.MinimumSize)
    {
        var message = new byte[headerSize + payload.Length];
        WireHeader.Write(message, type, dropped, headerSize);
        payload.CopyTo(message, headerSize);
        await SendRawAsync(message);
    }

    public async Task SendRawAsync(byte[] message) => await socket.SendAsync(message, SocketFlags.None);

    /// <summary>True when the sink closed the connection (a receive returns end of stream).</summary>
    public async Task<bool> ClosedByPeerAsync(TimeSpan within)
    {
        try
        {
            var received = await socket.ReceiveAsync(new byte[16], SocketFlags.None).WaitAsync(within);
            return received == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    public void Dispose() => socket.Dispose();
}
