-- Headless Neovim as a real LSP client of the grpc-doctor server (0.7 API: vim.lsp.start_client, which
-- newer versions still have), configured as docs/editors.md documents it: `settings = { grpcDoctor = … }` plus
-- the on_init that pushes them (0.7 neither answers workspace/configuration for servers that ask without the
-- capability nor sends didChangeConfiguration on its own). Env: GD_SERVER (server.js), GD_FILE (file to
-- open), GD_OUT (result file), GD_LANGUAGE (grpcDoctor.language).
local out = assert(io.open(os.getenv('GD_OUT'), 'w'))
local function emit(kind, value) out:write(vim.json.encode({ kind = kind, value = value }) .. '\n'); out:flush() end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('GD_FILE')))
  local bufnr = vim.api.nvim_get_current_buf()
  -- what window/showMessage brings (Explain / Search run on the server)
  vim.lsp.handlers['window/showMessage'] = function(_, result) emit('message', result.message) end
  local id = vim.lsp.start_client({
    name = 'grpc-doctor',
    cmd = { 'node', os.getenv('GD_SERVER'), '--stdio' },
    root_dir = vim.fn.fnamemodify(os.getenv('GD_FILE'), ':h'),
    settings = { grpcDoctor = { language = os.getenv('GD_LANGUAGE') or 'auto' } },
    on_init = function(client)
      client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
    end,
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
    -- code actions on the finding, then run "Explain" the way Neovim runs a command action
    local range = { start = { line = first.lnum, character = first.col }, ['end'] = { line = first.lnum, character = first.end_col } }
    local actions = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', { textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      range = range, context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, first.lnum), only = { 'quickfix' } } }, 5000)
    for _, r in pairs(actions or {}) do
      for _, a in ipairs(r.result or {}) do
        emit('action', { title = a.title, kind = a.kind, command = a.command and a.command.command })
        if a.command and a.command.command == 'grpcDoctor.server.explain' then
          local done = vim.lsp.buf_request_sync(bufnr, 'workspace/executeCommand', a.command, 5000)
          for _, e in pairs(done or {}) do if e.err then emit('execute_error', e.err) end end
        end
      end
    end
    vim.wait(2000, function() return false end, 50)
  end
  vim.lsp.stop_client(id)
  vim.wait(3000, function() return vim.lsp.client_is_stopped(id) end, 20)
end)
if not ok then emit('error', tostring(err)) end
emit('done', true)
out:close()
vim.cmd('qa!')
