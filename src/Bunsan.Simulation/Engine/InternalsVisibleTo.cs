using System.Runtime.CompilerServices;

// The event queue and site queues are internal machinery; their tests check ordering and bookkeeping directly.
[assembly: InternalsVisibleTo("Bunsan.Simulation.Tests")]
