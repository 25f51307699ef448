using BenchmarkDotNet.Running;

// Run all: dotnet run -c Release --project bench/Bunsan.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
