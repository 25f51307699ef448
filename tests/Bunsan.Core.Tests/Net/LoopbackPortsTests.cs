using System.Net;
using System.Net.Sockets;

namespace Bunsan.Core.Tests.Net;

public sealed class LoopbackPortsTests
{
    [Fact]
    public void Free_ManyPorts_DistinctBindableAndBelowTheEphemeralRange()
    {
        int[] ports = LoopbackPorts.Free(64);

        Assert.Equal(ports.Length, ports.Distinct().Count());
        int ephemeralStart = File.Exists("/proc/sys/net/ipv4/ip_local_port_range")
            ? int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0], System.Globalization.CultureInfo.InvariantCulture)
            : 49_152;
        Assert.All(ports, p => Assert.InRange(p, LoopbackPorts.Lowest, ephemeralStart - 1));
        foreach (int port in ports)
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
        }
    }

    [Fact]
    public void Free_PortTaken_NeverReturned()
    {
        // Hold many ports of the range; none of them may come back while held.
        int[] first = LoopbackPorts.Free(200);
        var held = first.Select(p =>
        {
            var l = new TcpListener(IPAddress.Loopback, p);
            l.Start();
            return l;
        }).ToList();
        try
        {
            int[] second = LoopbackPorts.Free(200);
            Assert.Empty(second.Intersect(first));
        }
        finally
        {
            held.ForEach(l => l.Dispose());
        }
    }

    [Fact]
    public void Free_CountNotPositive_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => LoopbackPorts.Free(0));
}
