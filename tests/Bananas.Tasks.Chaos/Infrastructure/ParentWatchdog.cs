using System.Diagnostics;

namespace Bananas.Tasks.Chaos.Infrastructure;

/// <summary>
/// Every child gets <c>--parent-pid</c>: a background thread checks twice a second that the orchestrator still
/// lives and kills this process (SIGKILL on itself) when it does not, so a crashed or killed orchestrator leaves no orphans.
/// </summary>
internal static class ParentWatchdog
{
    public static void Start(int parentPid)
    {
        if (parentPid <= 0) return;
        var thread = new Thread(() =>
        {
            while (true)
            {
                Thread.Sleep(500);
                if (!Signals.Alive(parentPid) || ParentChanged(parentPid))
                {
                    Console.Error.WriteLine($"chaos: parent {parentPid} is gone; pid {Environment.ProcessId} exits");
                    Process.GetCurrentProcess().Kill();
                }
            }
        }) { IsBackground = true, Name = "chaos parent watchdog" };
        thread.Start();
    }

    /// <summary>True when this process was re-parented (its parent died and init/a subreaper adopted it).</summary>
    private static bool ParentChanged(int parentPid)
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.TryParse(fields[1], out var ppid) && ppid != parentPid;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
