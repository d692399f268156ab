-- Neovim as a second, independent LSP client of dist/server.js (run by neovim.test.ts).
-- Written for Debian's Neovim 0.7, which has no vim.lsp.start: the client is started with
-- vim.lsp.start_client and attached to the buffer by hand.
--
-- Environment: SERVER_JS (the bundle), WORKSPACE (a folder holding handler.ts).
-- Prints one line per check and "RESULT: PASS" or "RESULT: FAIL"; exits non-zero on failure.

local failures = 0
local function say(line) io.stdout:write(line .. "\n") end
local function check(ok, what, detail)
  if ok then
    say("ok    " .. what)
  else
    failures = failures + 1
    say("FAIL  " .. what .. (detail and ("\n      " .. detail) or ""))
  end
  return ok
end

local DOCUMENTED = "SVCSTG.SWR.4040010"
local TYPO = "SVCSTG.SWR.404010"

-- Line and column (0-based, byte = UTF-16 unit for this ASCII file) of the first `needle` in the buffer.
local function find(bufnr, needle)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then return i - 1, col - 1 end
  end
  error("the test file does not contain " .. needle)
end

local function run()
  local exit_code
  local client_id = vim.lsp.start_client({
    name = "error-codes",
    cmd = { "node", os.getenv("SERVER_JS"), "--stdio" },
    root_dir = os.getenv("WORKSPACE"),
    -- "error" shows that settings reached the server: the default for a misspelling is a warning.
    settings = { errorCodes = { language = "en", diagnostics = { misspelled = "error" } } },
    -- Neovim 0.7 does not announce workspace/configuration, so the server cannot ask for
    -- settings; as Neovim's documentation says, the client pushes them once initialized.
    on_init = function(client)
      client.notify("workspace/didChangeConfiguration", { settings = client.config.settings })
    end,
    on_exit = function(code) exit_code = code end,
  })
  if not check(client_id ~= nil, "the client starts") then return end

  vim.cmd("edit " .. os.getenv("WORKSPACE") .. "/handler.ts")
  local bufnr = vim.api.nvim_get_current_buf()
  -- Started with -u NONE there is no filetype detection; the server reads the language id from it.
  vim.bo[bufnr].filetype = "typescript"
  vim.lsp.buf_attach_client(bufnr, client_id)

  local initialized = vim.wait(15000, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return c ~= nil and c.initialized == true
  end, 20)
  if not check(initialized, "initialize handshake") then return end

  -- Hover on a documented code.
  local line, col = find(bufnr, DOCUMENTED)
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = line, character = col + 4 } }
  local res = vim.lsp.buf_request_sync(bufnr, "textDocument/hover", params, 10000)
  local hover = res and res[client_id] and res[client_id].result
  local value = hover and hover.contents and hover.contents.value or ""
  check(value:find("HTTP 404", 1, true) ~= nil and value:find("The image does not exist", 1, true) ~= nil,
    "hover explains " .. DOCUMENTED .. " (HTTP 404, its message)", "hover was: " .. vim.inspect(hover))

  -- Completion inside the misspelled literal, after "SVCSTG.SWR.404".
  line, col = find(bufnr, TYPO)
  params.position = { line = line, character = col + #"SVCSTG.SWR.404" }
  res = vim.lsp.buf_request_sync(bufnr, "textDocument/completion", params, 10000)
  local result = res and res[client_id] and res[client_id].result or {}
  local labels = vim.tbl_map(function(i) return i.label end, result.items or result)
  check(vim.tbl_contains(labels, DOCUMENTED), "completion in the literal offers " .. DOCUMENTED,
    "labels: " .. table.concat(labels, ", "))

  -- Diagnostics arrive by themselves (publishDiagnostics); wait for them without sleeping blindly.
  local got = vim.wait(15000, function() return #vim.diagnostic.get(bufnr) > 0 end, 20)
  local diags = vim.diagnostic.get(bufnr)
  if check(got, "diagnostics are published for the buffer") then
    local d = diags[1]
    check(#diags == 1, "exactly one diagnostic", vim.inspect(diags))
    check(d.lnum == line and d.col == col, "it sits on the misspelled code", vim.inspect(d))
    check(d.source == "error-codes", "its source is error-codes", vim.inspect(d.source))
    check(d.severity == vim.diagnostic.severity.ERROR, "the configured severity (error) applies", vim.inspect(d.severity))
    check(d.message:find(TYPO, 1, true) ~= nil and d.message:find("did you mean `" .. DOCUMENTED .. "`", 1, true) ~= nil,
      "the message names the typo and the likely code", d.message)
  end

  -- A clean shutdown: the server exits 0 after shutdown + exit.
  vim.lsp.stop_client(client_id)
  local stopped = vim.wait(10000, function() return exit_code ~= nil end, 20)
  check(stopped and exit_code == 0, "shutdown and exit end the server with code 0", "exit code: " .. tostring(exit_code))
end

local ok, err = pcall(run)
if not ok then check(false, "the script ran to the end", tostring(err)) end
if failures == 0 then
  say("RESULT: PASS")
  vim.cmd("qa!")
else
  say("RESULT: FAIL (" .. failures .. " failed)")
  vim.cmd("cquit 1")
end
