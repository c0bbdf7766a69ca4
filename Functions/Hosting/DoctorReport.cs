namespace AuthFunctions.Hosting;

/// <summary>Renders the blocks as plain ASCII text, one block per subject and a summary line, and gives the exit code.</summary>
internal static class DoctorReport
{
    public const int AllWell = 0;
    public const int ProblemFound = 1;
    public const int BadUsage = 2;

    public static int ExitCode(IEnumerable<DoctorBlock> blocks) => blocks.Any(b => b.Failed) ? ProblemFound : AllWell;

    public static void Write(TextWriter output, string header, IReadOnlyList<DoctorBlock> blocks)
    {
        output.WriteLine(header);
        foreach (var block in blocks)
        {
            output.WriteLine();
            output.WriteLine(block.Title);
            foreach (var check in block.Checks)
            {
                var detail = check.Detail.Length == 0 ? check.Name : $"{check.Name}: {check.Detail}";
                output.WriteLine($"  {Label(check.Status),-4}  {detail}");
            }
        }

        output.WriteLine();
        output.WriteLine(Summary(blocks));
    }

    /// <summary>One line a script or a person can act on: OK, or FAIL and which checks of which subjects failed.</summary>
    public static string Summary(IReadOnlyList<DoctorBlock> blocks)
    {
        var providers = blocks.Count(b => b.Subject != DoctorSettingsCheck.Subject);
        var checkedText = providers == 1 ? "1 provider checked" : $"{providers} providers checked";
        var failed = blocks.Where(b => b.Failed)
            .Select(b => $"{b.Subject} ({string.Join(", ", b.Checks.Where(c => c.Status == DoctorStatus.Fail).Select(c => c.Name).Distinct())})")
            .ToList();
        return failed.Count == 0 ? $"OK: {checkedText}, no problems found" : $"FAIL: {checkedText}; problems: {string.Join(", ", failed)}";
    }

    private static string Label(DoctorStatus status) => status switch
    {
        DoctorStatus.Ok => "OK",
        DoctorStatus.Fail => "FAIL",
        DoctorStatus.Warn => "WARN",
        DoctorStatus.Skip => "SKIP",
        _ => string.Empty,
    };
}
