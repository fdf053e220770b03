// The Hangfire side of the Bananas.Tasks benchmark harness: one measured run per process. See HangfireBench.
using Bananas.Tasks.Benchmarks.Hangfire;

return await HangfireBench.RunAsync(args);
