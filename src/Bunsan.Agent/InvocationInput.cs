namespace Bunsan.Agent;

/// <summary>
/// What an invocation carries from the gateway to the site that runs it: the body, and — only for a load generator
/// driving agents that emulate execution (`bunsan demo`) — the execution time to emulate, so that every strategy
/// gets the same requests with the same execution times and the demo can tell which requests no site could have
/// answered in time (<see cref="ProtocolHeaders.EmulatedExecMs"/>).
/// </summary>
public readonly record struct InvocationInput(ReadOnlyMemory<byte> Body, double? EmulatedExecMs = null);
