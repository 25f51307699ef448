using Bunsan.Simulation.Engine;

namespace Bunsan.Simulation.Tests.Engine;

public sealed class EventQueueTests
{
    [Fact]
    public void Pop_RandomPushes_ComeOutByTimeThenPushOrder()
    {
        var queue = new EventQueue();
        var random = new Random(3);
        var pushed = new List<(double Time, int Slot)>();
        for (int i = 0; i < 5_000; i++)
        {
            double t = random.Next(200); // many equal times: ties must keep push order
            queue.Push(t, i, SimEventKind.Complete);
            pushed.Add((t, i));
        }
        var expected = pushed.OrderBy(p => p.Time).ThenBy(p => p.Slot).ToList();
        foreach (var (time, slot) in expected)
        {
            SimEvent e = queue.Pop();
            Assert.Equal((time, slot), (e.TimeMs, e.Slot));
        }
        Assert.Equal(0, queue.Count);
    }
}
