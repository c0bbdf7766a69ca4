namespace AuthFunctions.Hosting;

/// <summary>The verdict of one doctor check. Only <see cref="Fail"/> makes the exit code 1.</summary>
internal enum DoctorStatus
{
    Ok,
    Fail,
    Warn,

    /// <summary>Not run because an earlier check of the same block failed.</summary>
    Skip,

    /// <summary>Not a check: something to read, such as the callback URL to register.</summary>
    Info,
}

/// <summary>One line of the report: a check's verdict, its name and what was found (never a secret value).</summary>
internal sealed record DoctorCheck(DoctorStatus Status, string Name, string Detail)
{
    public static DoctorCheck Ok(string name, string detail) => new(DoctorStatus.Ok, name, detail);

    public static DoctorCheck Fail(string name, string detail) => new(DoctorStatus.Fail, name, detail);
}

/// <summary>The checks of one subject: the app's settings, or one provider.</summary>
internal sealed record DoctorBlock(string Subject, string Title, IReadOnlyList<DoctorCheck> Checks)
{
    public bool Failed => Checks.Any(c => c.Status == DoctorStatus.Fail);
}
