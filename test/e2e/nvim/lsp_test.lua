-- Headless Neovim as a real LSP client of the grpc-doctor server (0.7 API: vim.lsp.start_client, which
-- newer versions still have). Env: GD_SERVER (server.js), GD_FILE (file to open), GD_OUT (result file).
local out = assert(io.open(os.getenv('GD_OUT'), 'w'))
local function emit(kind, value) out:write(vim.json.encode({ kind = kind, value = value }) .. '\n'); out:flush() end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('GD_FILE')))
  local bufnr = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({
    name = 'grpc-doctor',
    cmd = { 'node', os.getenv('GD_SERVER'), '--stdio' },
    root_dir = vim.fn.fnamemodify(os.getenv('GD_FILE'), ':h'),
  })
  assert(id, 'start_client failed')
  vim.lsp.buf_attach_client(bufnr, id)
  local client = vim.lsp.get_client_by_id(id)
  emit('initialized', vim.wait(10000, function() return client.initialized end, 20))
  emit('got_diagnostics', vim.wait(10000, function() return #vim.diagnostic.get(bufnr) > 0 end, 20))
  local first
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = (d.user_data or {}).lsp or {}
    emit('diagnostic', { lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity, source = d.source,
      message = d.message, code = d.code or lsp.code })
    first = first or d
  end
  if first then
    local res = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover',
      { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = first.lnum, character = first.col + 1 } }, 5000)
    for _, r in pairs(res or {}) do
      if r.result then emit('hover', r.result.contents.value or r.result.contents) end
      if r.err then emit('hover_error', r.err) end
    end
  end
  vim.lsp.stop_client(id)
  vim.wait(3000, function() return vim.lsp.client_is_stopped(id) end, 20)
end)
if not ok then emit('error', tostring(err)) end
emit('done', true)
out:close()
vim.cmd('qa!')
