// TaskRouting: the Bananas task-routing example (reference/bananas-task-routing-example.md) in typed C#.
//
//   REDIS_URL=redis://localhost:6379 WORKER_ROUTING_KEYS=gpu               dotnet run -- worker
//   REDIS_URL=redis://localhost:6379 WORKER_ROUTING_KEYS=email             dotnet run -- worker
//   REDIS_URL=redis://localhost:6379 WORKER_ROUTING_KEYS=default,gpu,email dotnet run -- worker
//   REDIS_URL=redis://localhost:6379                                       dotnet run -- client
//   dotnet run -- demo      (all three workers and the client in one process; in-memory unless REDIS_URL is set)
using TaskRouting;

var mode = args.Length > 0 ? args[0] : "demo";
return mode switch
{
    "worker" => await RoutingApp.RunWorkerAsync(args),
    "client" => await RoutingApp.RunClientAsync(args),
    "demo" => await RoutingApp.RunDemoAsync(args),
    _ => RoutingApp.Usage($"unknown mode '{mode}'"),
};
