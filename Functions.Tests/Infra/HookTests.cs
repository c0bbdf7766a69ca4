using System.Diagnostics;
using Shouldly;

namespace AuthFunctions.Tests.Infra;

/// <summary>
/// The sh hooks run for real against a stub <c>az</c> first on PATH. The stub records each call's arguments, keeps
/// "Key Vault" as files (one per secret, its content the value), and answers as az does: SecretNotFound for a missing
/// secret. The real openssl makes the signing key.
/// </summary>
public sealed class HookTests : IDisposable
{
    private const string StubAz = """
        #!/bin/sh
        # Records the call, one argument per line, then a separator.
        printf '%s\n' "$@" >>"$STUB_DIR/calls"
        echo '--' >>"$STUB_DIR/calls"
        name=""; file=""; query=""; prev=""
        for a in "$@"; do
          case "$prev" in --name) name=$a ;; --file) file=$a ;; --query) query=$a ;; esac
          prev=$a
        done
        case "$2 $3" in
          "secret show")
            [ -f "$STUB_DIR/vault/$name" ] || { echo "ERROR: (SecretNotFound) A secret with (name/id) $name was not found" >&2; exit 3; }
            if [ "$query" = value ]; then cat "$STUB_DIR/vault/$name"; echo; else echo "https://kv/secrets/$name"; fi ;;
          "secret set") cp "$file" "$STUB_DIR/vault/$name" ;;
          "secret list") ls "$STUB_DIR/vault" ;;
          *) echo "stub az: unexpected call: $*" >&2; exit 2 ;;
        esac
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("authfunctions-hooks-").FullName;

    public HookTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "bin"));
        Directory.CreateDirectory(Path.Combine(_dir, "vault"));
        var az = Path.Combine(_dir, "bin", "az");
        File.WriteAllText(az, StubAz.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            File.SetUnixFileMode(az, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Vault(string secret) => Path.Combine(_dir, "vault", secret);

    private IReadOnlyList<string> Calls =>
        File.Exists(Path.Combine(_dir, "calls")) ? File.ReadAllText(Path.Combine(_dir, "calls")).Split("--\n", StringSplitOptions.RemoveEmptyEntries) : [];

    private IEnumerable<string> SecretsSet =>
        Calls.Where(c => c.StartsWith("keyvault\nsecret\nset\n", StringComparison.Ordinal))
            .Select(c => c.Split('\n').SkipWhile(a => a != "--name").ElementAt(1));

    private async Task<(int Code, string Output)> RunAsync(string hook, Dictionary<string, string> environment)
    {
        var psi = new ProcessStartInfo("sh", [Path.Combine(InfraFiles.Infra, "hooks", hook)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Only what azd would hand over: no variable of the test run leaks in.
        psi.Environment.Clear();
        psi.Environment["PATH"] = Path.Combine(_dir, "bin") + ":" + Environment.GetEnvironmentVariable("PATH");
        psi.Environment["HOME"] = _dir;
        psi.Environment["TMPDIR"] = _dir;
        psi.Environment["STUB_DIR"] = _dir;
        foreach (var (k, v) in environment)
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (p.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task Postprovision_stores_the_secrets_of_enabled_providers_only_and_never_on_the_command_line()
    {
        var (code, output) = await RunAsync("postprovision.sh", new()
        {
            ["AZURE_KEY_VAULT_NAME"] = "kv-test",
            ["OAUTH_ENABLED_PROVIDERS"] = "github acme-sso",
            ["GITHUB_CLIENT_SECRET"] = "gh-secret-value",
            ["ACME_SSO_CLIENT_SECRET"] = "acme-secret-value",
            ["GOOGLE_CLIENT_SECRET"] = "google-not-enabled",
            ["AZURE_CLIENT_SECRET"] = "pipeline-secret",
        });

        code.ShouldBe(0, output);
        SecretsSet.Order().ShouldBe(["acme-sso-client-secret", "app-signing-key", "github-client-secret"]);
        File.ReadAllText(Vault("github-client-secret")).ShouldBe("gh-secret-value");
        File.ReadAllText(Vault("acme-sso-client-secret")).ShouldBe("acme-secret-value");
        File.ReadAllText(Vault("app-signing-key")).ShouldStartWith("-----BEGIN PRIVATE KEY-----");
        foreach (var secret in new[] { "gh-secret-value", "acme-secret-value", "google-not-enabled", "pipeline-secret" })
        {
            Calls.ShouldAllBe(c => !c.Contains(secret), "a secret value on az's command line");
            output.ShouldNotContain(secret);
        }

        Directory.EnumerateFiles(_dir, "*", SearchOption.TopDirectoryOnly).Select(Path.GetFileName).ShouldBe(["calls"], "the hook leaves no secret file behind");
    }

    [Fact]
    public async Task Postprovision_never_overwrites_an_existing_signing_key_nor_an_unchanged_secret()
    {
        File.WriteAllText(Vault("app-signing-key"), "existing key");
        File.WriteAllText(Vault("github-client-secret"), "gh-secret-value");

        var (code, output) = await RunAsync("postprovision.sh", new()
        {
            ["AZURE_KEY_VAULT_NAME"] = "kv-test",
            ["OAUTH_ENABLED_PROVIDERS"] = "github google",
            ["GITHUB_CLIENT_SECRET"] = "gh-secret-value",
        });

        code.ShouldBe(0, output);
        SecretsSet.ShouldBeEmpty();
        File.ReadAllText(Vault("app-signing-key")).ShouldBe("existing key");
        output.ShouldContain("no GOOGLE_CLIENT_SECRET in the azd environment");
        Calls.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Postdeploy_prints_the_exact_callback_url_of_each_enabled_provider_and_the_SPA_settings()
    {
        File.WriteAllText(Vault("github-client-secret"), "x");

        var (code, output) = await RunAsync("postdeploy.sh", new()
        {
            ["AZURE_KEY_VAULT_NAME"] = "kv-test",
            ["OAUTH_PUBLIC_BASE_URL"] = "https://auth.example.com/",
            ["OAUTH_ENABLED_PROVIDERS"] = "github wechat-mp acme",
            ["OAUTH_CUSTOM_PROVIDERS"] = "acme",
            ["OAUTH_ALLOWED_RETURN_URLS"] = "https://app.example.com/",
        });

        code.ShouldBe(0, output);
        output.ShouldContain("https://auth.example.com/api/auth/github/callback   (client secret in Key Vault)");
        output.ShouldContain("https://auth.example.com/api/auth/wechat-mp/callback   (no client secret yet: azd env set WECHAT_MP_CLIENT_SECRET <secret>");
        output.ShouldContain("https://auth.example.com/api/auth/custom/acme/callback   (no client secret yet: azd env set ACME_CLIENT_SECRET <secret>");
        output.ShouldNotContain("/api/auth/google/callback");
        output.ShouldContain("https://auth.example.com/api/auth/client.js");
        output.ShouldContain("allowed return_url https://app.example.com/");
    }
}
