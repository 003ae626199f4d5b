using System.IO;
using System.Runtime.InteropServices;
using MaintenanceMode.IO;

namespace MaintenanceMode.Tests.Input
{
    public sealed class OwnerOnlyFileTests : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("mm-owner-").FullName;

        [Fact]
        public void A_new_file_is_readable_by_its_owner_only()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return; // Unix modes
            var path = Path.Combine(_folder, "snapshot.json");

            using (var stream = OwnerOnlyFile.Open(path, FileMode.CreateNew))
            {
                stream.WriteByte((byte)'{');
            }

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        [Fact]
        public void A_replaced_file_is_made_owner_only_too()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return; // Unix modes
            var path = Path.Combine(_folder, "snapshot.json");
            File.WriteAllText(path, "old");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

            using (var stream = OwnerOnlyFile.Open(path, FileMode.Create))
            {
                stream.WriteByte((byte)'{');
            }

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal("{", File.ReadAllText(path));
        }

        [Fact]
        public void CreateNew_still_refuses_an_existing_file()
        {
            var path = Path.Combine(_folder, "snapshot.json");
            File.WriteAllText(path, "old");

            Assert.Throws<IOException>(() => OwnerOnlyFile.Open(path, FileMode.CreateNew).Dispose());
            Assert.Equal("old", File.ReadAllText(path));
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }
}
