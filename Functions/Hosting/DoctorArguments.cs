using System.Text.RegularExpressions;

namespace AuthFunctions.Hosting;

/// <summary>
/// The arguments after <c>doctor</c>: settings in the forms the app's command line takes (<c>--name value</c>,
/// <c>--name=value</c>, <c>/name value</c>, <c>name=value</c>) and <c>--help</c>. The app ignores an argument it cannot
/// read; the doctor refuses it, so a typo is not mistaken for a clean bill of health.
/// </summary>
internal sealed partial record DoctorArguments(IReadOnlyList<string> Settings, bool Help, string? Error)
{
    public const string Usage = """
        Usage: AuthFunctions doctor [--<setting> <value>]...
          dotnet run --project Functions -- doctor      (from the repository)
          dotnet AuthFunctions.dll doctor               (the built or published app)

        Checks every enabled sign-in provider from this machine, with the settings the app itself would use (app
        settings, appsettings.json, local.settings.json in Development, environment variables, these arguments, Key
        Vault when KeyVault__Uri is set): OIDC discovery and its issuer, https endpoints, the client secret, and prints
        the callback URL to register. Also reports every setting that would stop start-up.

        Settings are written as on the app's command line, e.g. --environment Development or
        --OAuth:PublicBaseUrl https://func-auth.azurewebsites.net

        Exit codes: 0 all is well, 1 a problem was found, 2 bad usage.
        """;

    public static DoctorArguments Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a is "-h" or "--help" or "-?" or "/?" or "help")
            {
                return new([], Help: true, Error: null);
            }

            var named = a.StartsWith("--", StringComparison.Ordinal) ? a[2..] : a.StartsWith('/') ? a[1..] : null;
            if (named is not null && named.Length > 0 && named[0] != '=')
            {
                settings.Add(a);
                if (!named.Contains('=', StringComparison.Ordinal))
                {
                    if (i + 1 == args.Count)
                    {
                        return Refused($"{a} needs a value");
                    }

                    settings.Add(args[++i]);
                }
            }
            else if (named is null && !a.StartsWith('-') && a.IndexOf('=', StringComparison.Ordinal) > 0)
            {
                settings.Add(a);
            }
            else
            {
                // Echo only what looks like a word: a value pasted in the wrong place may be a secret.
                return Refused(Word().IsMatch(a) ? $"unknown argument '{a}'" : $"unknown argument #{i + 1}");
            }
        }

        return new(settings, Help: false, Error: null);
    }

    private static DoctorArguments Refused(string error) => new([], Help: false, error);

    [GeneratedRegex("^-{0,2}[A-Za-z][A-Za-z0-9_.:-]{0,39}$")]
    private static partial Regex Word();
}
