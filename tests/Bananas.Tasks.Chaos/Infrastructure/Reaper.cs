using System.Globalization;

namespace Bananas.Tasks.Chaos.Infrastructure;

/// <summary>
/// <c>reaper --parent-pid P --pidfile F</c>: a tiny guard the orchestrator starts first. redis-server cannot watch its
/// parent, so when the orchestrator dies (even by kill -9) the reaper SIGKILLs every pid listed in the pid file
/// (redis-servers and children; each line <c>pid</c>) and exits. The orchestrator kills the reaper in its finally block.
/// </summary>
internal static class Reaper
{
    public static int Run(Args args)
    {
        var parent = args.Int("--parent-pid", 0);
        var pidFile = args.Required("--pidfile");
        while (Signals.Alive(parent)) Thread.Sleep(300);
        KillAll(pidFile);
        return 0;
    }

    public static void KillAll(string pidFile)
    {
        if (!File.Exists(pidFile)) return;
        foreach (var line in File.ReadAllLines(pidFile))
        {
            if (!int.TryParse(line.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) || pid <= 1) continue;
            // pid reuse guard: only kill what still looks like ours
            string cmdline;
            try
            {
                cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
            }
            catch (IOException)
            {
                continue;
            }
            if (cmdline.Contains("redis-server", StringComparison.Ordinal) || cmdline.Contains("Bananas.Tasks.Chaos", StringComparison.Ordinal))
            {
                Signals.Send(pid, Signals.SigCont);
                Signals.Send(pid, Signals.SigKill);
            }
        }
    }
}
