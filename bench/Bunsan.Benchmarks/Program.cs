using BenchmarkDotNet.Running;
using Bunsan.Benchmarks;

// Scenarios that run for minutes and print their own report, not BenchmarkDotNet's.
if (args is [ControlPlaneScale.Verb, .. var scaleArgs])
{
    return await ControlPlaneScale.RunAsync(scaleArgs);
}
if (args is [ControlPlaneScaleServer.Verb, .. var serverArgs])
{
    return await ControlPlaneScaleServer.RunAsync(serverArgs);
}
if (args is [FederatedQueryScenario.Verb, .. var queryArgs])
{
    return await FederatedQueryScenario.RunAsync(queryArgs);
}

// Run all: dotnet run -c Release --project bench/Bunsan.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
