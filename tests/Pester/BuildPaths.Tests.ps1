# The built module carries no path of the machine that built it (issue 15 §9): Directory.Build.props maps the
# checkout to /_/ (PathMap), so the PE debug directory of each assembly and the document names of each PDB
# name /_/src/..., never the checkout. Portable PDBs store document names split at '/', so a byte search
# alone would miss them: the names are read with System.Reflection.Metadata.

BeforeDiscovery {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Built = @(Get-ChildItem (Join-Path $root 'bin') -Recurse -Include 'MaintenanceMode*.dll', 'MaintenanceMode*.pdb' -File |
        ForEach-Object { @{ Name = $_.FullName.Substring($root.Length + 1); Path = $_.FullName } })
}

BeforeAll {
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path.TrimEnd([IO.Path]::DirectorySeparatorChar)
    Add-Type -AssemblyName System.Reflection.Metadata

    # Every path-like string an assembly or PDB holds: the PDB path of the debug directory, document names.
    function Get-EmbeddedPath([string] $Path) {
        $stream = [IO.File]::OpenRead($Path)
        try {
            if ($Path.EndsWith('.pdb')) {
                $provider = [Reflection.Metadata.MetadataReaderProvider]::FromPortablePdbStream($stream)
                $reader = $provider.GetMetadataReader()
                foreach ($handle in $reader.Documents) { $reader.GetString($reader.GetDocument($handle).Name) }
                $provider.Dispose()
            }
            else {
                $pe = [Reflection.PortableExecutable.PEReader]::new($stream)
                foreach ($entry in $pe.ReadDebugDirectory()) {
                    if ($entry.Type -eq 'CodeView') { $pe.ReadCodeViewDebugDirectoryData($entry).Path }
                }
                $pe.Dispose()
            }
        }
        finally { $stream.Dispose() }
    }
}

Describe 'The built <Name>' -ForEach $Built {
    It 'names its sources and PDB under /_/, not the checkout' {
        $paths = @(Get-EmbeddedPath $Path)
        $paths.Count | Should -BeGreaterThan 0 -Because 'each assembly names its PDB, each PDB its documents'
        $paths | Where-Object { $_.StartsWith($Root) } | Should -BeNullOrEmpty
        @($paths | Where-Object { $_ -like '/_/*' }).Count | Should -BeGreaterThan 0
    }

    It 'holds the checkout''s path nowhere, as UTF-8 or UTF-16' {
        $bytes = [IO.File]::ReadAllBytes($Path)
        foreach ($encoding in [Text.Encoding]::UTF8, [Text.Encoding]::Unicode) {
            $text = $encoding.GetString($bytes)
            $text.Contains($Root) | Should -BeFalse -Because "$Name must not carry $Root ($($encoding.EncodingName))"
        }
    }
}

Describe 'The build output' {
    It 'is there to be checked (build.ps1 Build ran)' {
        $Built.Count | Should -BeGreaterOrEqual 4 -Because 'MaintenanceMode.dll/.pdb and MaintenanceMode.Core.dll/.pdb are built'
    }
}
