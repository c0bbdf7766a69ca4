using System.Globalization;

namespace LoginBench;

/// <summary>CPU time and resident memory of one process from /proc: what the kernel charged it, all threads.</summary>
internal static class ProcessStats
{
    // USER_HZ: the unit of utime and stime in /proc/<pid>/stat; 100 on every Linux x86_64 and arm64 kernel.
    private const double MillisecondsPerTick = 10;

    public static double CpuMilliseconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

        // Fields 14 and 15 of stat(5) (utime, stime), counted from field 3 after the command name.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * MillisecondsPerTick;
    }

    public static double RssMegabytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return double.NaN;
    }

    /// <summary>The children of this process whose command line contains <paramref name="name"/>.</summary>
    public static IEnumerable<int> Children(string name)
    {
        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat, cmdline;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
                cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
            }
            catch (IOException)
            {
                continue;
            }

            var ppid = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1];
            if (ppid == self && cmdline.Contains(name, StringComparison.Ordinal))
            {
                yield return pid;
            }
        }
    }
}
