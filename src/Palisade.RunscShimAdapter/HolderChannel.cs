using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Palisade.RunscShimAdapter;

/// <summary>
/// How <c>start</c>, <c>kill</c> and <c>delete</c> reach a container's holder: a line over an abstract unix socket named
/// after runsc's root and the container id (abstract, so no path length limit and nothing left on disk).
/// </summary>
internal static class HolderChannel
{
    public static UnixDomainSocketEndPoint EndPoint(string root, string id)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(root + "\n" + id)))[..40];
        return new UnixDomainSocketEndPoint("\0palisade-runsc-holder/" + hash);
    }

    /// <summary>Sends <paramref name="request"/> and returns the holder's one-line answer; null when no holder listens.</summary>
    public static string? Ask(string root, string id, string request)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(EndPoint(root, id));
        }
        catch (SocketException)
        {
            return null;
        }

        using var stream = new NetworkStream(socket);
        using var writer = new StreamWriter(stream, leaveOpen: true) { AutoFlush = true, NewLine = "\n" };
        using var reader = new StreamReader(stream);
        writer.WriteLine(request);
        return reader.ReadLine();
    }
}
