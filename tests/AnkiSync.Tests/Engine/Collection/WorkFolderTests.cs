using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using AnkiSync.Session;

namespace AnkiSync.Tests.Engine.Collection;

/// <summary>These tests point the process's temp folder elsewhere (<see cref="WorkFolderWatch"/>), so they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TempFolderAloneCollection
{
    public const string Name = "Temp folder (run alone)";
}

/// <summary>
/// Work folders: private (0700 on Unix) under a per-user root that is never a followed symlink, and those a dead
/// process left behind are removed by <see cref="WorkFolder.RemoveAbandoned"/> while live owners' stay.
/// </summary>
[Collection(TempFolderAloneCollection.Name)]
public class WorkFolderTests
{
    [Fact]
    public void AFolderWhoseOwnerDiedIsRemovedAndLiveOnesStay()
    {
        using var watch = new WorkFolderWatch();
        using var live = AnkiPackage.Create();
        var process = DeadProcess();
        string dead = Leftover(watch, "dead", process.Pid, process.StartTicks);
        string ownerless = Directory.CreateDirectory(Path.Combine(watch.Root, "being-created")).FullName;

        Assert.Equal(1, WorkFolder.RemoveAbandoned());

        Assert.False(Directory.Exists(dead));
        Assert.True(Directory.Exists(ownerless));
        Assert.True(File.Exists(Path.Combine(live.WorkDirectory, "collection.anki2")));
        Directory.Delete(ownerless);
    }

    [Fact]
    public void WithoutFileLocksThePidAndItsStartTimeDecide()
    {
        using var watch = new WorkFolderWatch();
        using var self = Process.GetCurrentProcess();
        long selfStart = self.StartTime.ToUniversalTime().Ticks;
        var dead = DeadProcess();
        string deadFolder = Leftover(watch, "dead", dead.Pid, dead.StartTicks);
        string reusedPid = Leftover(watch, "reused-pid", self.Id, selfStart - TimeSpan.TicksPerHour);
        string running = Leftover(watch, "running", self.Id, selfStart);
        WithoutFileLocks(() => Assert.Equal(2, WorkFolder.RemoveAbandoned()));

        Assert.False(Directory.Exists(deadFolder));
        Assert.False(Directory.Exists(reusedPid));
        Assert.True(Directory.Exists(running));
        Directory.Delete(running, recursive: true);
    }

    [Fact]
    public void AFolderLockedByItsOwnerIsNeverRemoved()
    {
        using var watch = new WorkFolderWatch();
        Directory.CreateDirectory(watch.Root);
        // A dead pid, but the owner file is held open: the lock says the owner lives (e.g. a pid namespace apart).
        string folder = Leftover(watch, "locked", int.MaxValue - 1, 0);
        using (new FileStream(Path.Combine(folder, WorkFolder.OwnerFileName), FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            Assert.Equal(0, WorkFolder.RemoveAbandoned());
            Assert.True(Directory.Exists(folder));
        }

        Assert.Equal(1, WorkFolder.RemoveAbandoned());
    }

    [Fact]
    public void WorkFoldersAndTheirRootAreReadableByTheOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var watch = new WorkFolderWatch();
        Directory.CreateDirectory(watch.Root);
        File.SetUnixFileMode(watch.Root, (UnixFileMode)Convert.ToInt32("777", 8));
        using var package = AnkiPackage.Create();
        var ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Assert.Equal(ownerOnly, File.GetUnixFileMode(watch.Root));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(package.WorkDirectory));
    }

    [Fact]
    public void APrePlantedSymlinkRootIsNotFollowed()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var watch = new WorkFolderWatch();
        string elsewhere = Directory.CreateDirectory(Path.Combine(watch.TempPath, "attacker")).FullName;
        Directory.CreateSymbolicLink(watch.Root, elsewhere);
        using (var package = AnkiPackage.Create())
        {
            package.AddNote(new NoteInput { Values = new[] { "front", "back" } });
            Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
            Assert.False(package.WorkDirectory.StartsWith(watch.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(package.WorkDirectory)!));
        }

        Assert.Equal(0, WorkFolder.RemoveAbandoned());
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
        // The private fallback root stays (empty); the watch removes it with its temp folder.
        Assert.All(Directory.EnumerateDirectories(watch.TempPath, Path.GetFileName(watch.Root) + "-*"), root => Assert.Empty(Directory.EnumerateFileSystemEntries(root)));
    }

    [Fact]
    public void TheRootIsPerUserAndEachFolderNamesItsOwnerProcess()
    {
        using var watch = new WorkFolderWatch();
        if (!OperatingSystem.IsWindows())
        {
            Assert.Matches(@"AnkiSync-\d+$", watch.Root);
        }

        using var self = Process.GetCurrentProcess();
        using (var folder = WorkFolder.Create())
        {
            Assert.Equal(watch.Root, Path.GetDirectoryName(folder.Path));
            Assert.Matches("^[0-9a-f]{32}$", Path.GetFileName(folder.Path));
            Assert.Equal(Path.Combine(folder.Path, "x.db"), folder.Combine("x.db"));
            string owner;
            using (var read = new FileStream(Path.Combine(folder.Path, WorkFolder.OwnerFileName), FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            using (var reader = new StreamReader(read))
            {
                owner = reader.ReadToEnd();
            }

            Assert.Equal(self.Id.ToString(CultureInfo.InvariantCulture) + "\n" + self.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture) + "\n", owner);
            Assert.Equal(0, WorkFolder.RemoveAbandoned()); // its own live folder stays
            Assert.True(Directory.Exists(folder.Path));
        }

        Assert.Empty(watch.WorkFolders());
    }

    [Fact]
    public void WithoutFileLocksAnOwnerFileThatSaysTooLittleIsJudgedByItsAge()
    {
        using var watch = new WorkFolderWatch();
        Directory.CreateDirectory(watch.Root);
        string young = Directory.CreateDirectory(Path.Combine(watch.Root, "young")).FullName;
        File.WriteAllText(Path.Combine(young, WorkFolder.OwnerFileName), "12345\n");
        string old = Directory.CreateDirectory(Path.Combine(watch.Root, "old")).FullName;
        File.WriteAllText(Path.Combine(old, WorkFolder.OwnerFileName), "not a pid\nnor ticks\n");
        Directory.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddDays(-2));
        string oldOwnerless = Directory.CreateDirectory(Path.Combine(watch.Root, "old-ownerless")).FullName;
        Directory.SetLastWriteTimeUtc(oldOwnerless, DateTime.UtcNow.AddDays(-2));
        WithFileLockVariable("TRUE", () => Assert.Equal(2, WorkFolder.RemoveAbandoned()));

        Assert.True(Directory.Exists(young));
        Assert.False(Directory.Exists(old));
        Assert.False(Directory.Exists(oldOwnerless));
        Directory.Delete(young, recursive: true);
    }

    [Theory]
    [InlineData("1", 0)]
    [InlineData("true", 0)]
    [InlineData("TRUE", 0)]
    [InlineData("0", 1)]
    [InlineData("yes", 1)]
    [InlineData("", 1)]
    public void TheEnvironmentSwitchForFileLocksCountsOneOrTrue(string value, int removed)
    {
        // The owner file names this very process, but nobody holds it open: with locks on that means abandoned;
        // with locks switched off the pid and start time decide, and this process runs.
        using var watch = new WorkFolderWatch();
        using var self = Process.GetCurrentProcess();
        string folder = Leftover(watch, "self", self.Id, self.StartTime.ToUniversalTime().Ticks);
        WithFileLockVariable(value, () => Assert.Equal(removed, WorkFolder.RemoveAbandoned()));

        Assert.Equal(removed == 0, Directory.Exists(folder));
        if (removed == 0)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void AStartTimeWithinASecondIsTheSameProcess()
    {
        using var watch = new WorkFolderWatch();
        using var self = Process.GetCurrentProcess();
        long start = self.StartTime.ToUniversalTime().Ticks;
        string near = Leftover(watch, "near", self.Id, start + TimeSpan.TicksPerSecond - 1);
        string off = Leftover(watch, "off", self.Id, start + TimeSpan.TicksPerSecond);
        WithoutFileLocks(() => Assert.Equal(1, WorkFolder.RemoveAbandoned()));

        Assert.True(Directory.Exists(near));
        Assert.False(Directory.Exists(off));
        Directory.Delete(near, recursive: true);
    }

    /// <summary>Runs <paramref name="action"/> with .NET's file locks switched off through the AppContext switch.</summary>
    private static void WithoutFileLocks(Action action)
    {
        AppContext.SetSwitch("System.IO.DisableFileLocking", true);
        try
        {
            action();
        }
        finally
        {
            AppContext.SetSwitch("System.IO.DisableFileLocking", false);
        }
    }

    /// <summary>Runs <paramref name="action"/> with DOTNET_SYSTEM_IO_DISABLEFILELOCKING set to <paramref name="value"/>.</summary>
    private static void WithFileLockVariable(string value, Action action)
    {
        Environment.SetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING", value);
        try
        {
            action();
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING", null);
        }
    }

    private static (int Pid, long StartTicks) DeadProcess()
    {
        using var child = Process.Start(new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
        var found = (child.Id, child.StartTime.ToUniversalTime().Ticks);
        child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        return found;
    }

    private static string Leftover(WorkFolderWatch watch, string name, int pid, long startTicks)
    {
        Directory.CreateDirectory(watch.Root);
        string folder = Directory.CreateDirectory(Path.Combine(watch.Root, name)).FullName;
        File.WriteAllText(Path.Combine(folder, "collection.anki2"), "x");
        File.WriteAllText(Path.Combine(folder, WorkFolder.OwnerFileName),
            pid.ToString(CultureInfo.InvariantCulture) + "\n" + startTicks.ToString(CultureInfo.InvariantCulture) + "\n");
        return folder;
    }
}
