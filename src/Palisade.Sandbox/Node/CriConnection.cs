using System.Net.Sockets;
using Grpc.Net.Client;
using Palisade.Sandbox.Node.Cri;

namespace Palisade.Sandbox.Node;

/// <summary>A gRPC channel to a CRI runtime (containerd, CRI-O) on its unix socket, with the runtime and image clients.</summary>
internal sealed class CriConnection : IDisposable
{
    private readonly GrpcChannel channel;

    private CriConnection(GrpcChannel channel)
    {
        this.channel = channel;
        Runtime = new RuntimeService.RuntimeServiceClient(channel);
        Images = new ImageService.ImageServiceClient(channel);
    }

    public RuntimeService.RuntimeServiceClient Runtime { get; }

    public ImageService.ImageServiceClient Images { get; }

    /// <summary>Opens a channel; nothing is sent until the first call, so a missing socket shows up there.</summary>
    public static CriConnection Open(string socketPath)
    {
        var endpoint = new UnixDomainSocketEndPoint(socketPath);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(endpoint, ct).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };

        // The authority is never resolved: every connection goes through the callback above.
        var channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        return new CriConnection(channel);
    }

    public void Dispose() => channel.Dispose();
}
