// Bananas.Tasks chaos suite (issue 9, reliability-plan.md §5). Roles: run (orchestrator), worker, producer, scheduler,
// reaper (kills what the orchestrator started if the orchestrator dies). See README.md beside this file.
using Bananas.Tasks.Chaos.Infrastructure;
using Bananas.Tasks.Chaos.Orchestration;
using Bananas.Tasks.Chaos.Roles;

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(Orchestrator.Usage);
    return 0;
}
Args options;
try
{
    options = new Args(args.Skip(1));
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
if (args[0] != "run") ParentWatchdog.Start(options.Int("--parent-pid", 0));
return args[0] switch
{
    "run" => await Orchestrator.RunAsync(options),
    "worker" => await WorkerRole.RunAsync(options),
    "producer" => await ProducerRole.RunAsync(options),
    "scheduler" => await SchedulerRole.RunAsync(options),
    "reaper" => Reaper.Run(options),
    _ => Unknown(args[0]),
};

static int Unknown(string role)
{
    Console.Error.WriteLine($"unknown role '{role}': expected run, worker, producer, scheduler or reaper\n\n{Orchestrator.Usage}");
    return 2;
}
