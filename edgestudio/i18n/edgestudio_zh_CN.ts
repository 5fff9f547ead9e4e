<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AuditDialog</name>
    <message>
        <location filename="../ui/audit_dialog.py" line="25"/>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <location filename="../ui/audit_dialog.py" line="29"/>
        <source>The log is intact: every entry is chained to the one before it.</source>
        <translation>日志完整：每条记录都与前一条链接。</translation>
    </message>
    <message>
        <location filename="../ui/audit_dialog.py" line="33"/>
        <source>&lt;b&gt;The log was altered&lt;/b&gt; at entry {entry}: it no longer matches its hash chain.</source>
        <translation>&lt;b&gt;日志已被篡改&lt;/b&gt;，位置在第 {entry} 条：它与哈希链不再一致。</translation>
    </message>
    <message>
        <location filename="../ui/audit_dialog.py" line="40"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../ui/audit_dialog.py" line="40"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../ui/audit_dialog.py" line="40"/>
        <source>Subject</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../ui/audit_dialog.py" line="40"/>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>BuildPage</name>
    <message>
        <location filename="../ui/optimize_pages/build_page.py" line="38"/>
        <source>Build and check</source>
        <translation>构建并检查</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/build_page.py" line="41"/>
        <source>Each candidate is built, checked against the original on the validation set, and the ones that pass are timed alternately with it. Nothing enters the model store yet.</source>
        <translation>逐个构建候选模型，在验证集上与原始模型比对；通过的候选与原始模型交替计时。此时不会写入模型库。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/build_page.py" line="47"/>
        <source>Candidate</source>
        <translation>候选模型</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/build_page.py" line="47"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/build_page.py" line="47"/>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/build_page.py" line="47"/>
        <source>Now</source>
        <translation>当前</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/build_page.py" line="69"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/build_page.py" line="70"/>
        <source>Stop the build now; nothing half-built is kept.</source>
        <translation>立即停止构建；不会保留未完成的结果。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/build_page.py" line="71"/>
        <source>Run again</source>
        <translation>重新运行</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/build_page.py" line="110"/>
        <source>Starting the optimizer…</source>
        <translation>正在启动优化器…</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/build_page.py" line="131"/>
        <source>Cancelled: nothing was added to the model store. Press Run again to start over.</source>
        <translation>已取消：模型库中没有添加任何内容。按“重新运行”可重新开始。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/build_page.py" line="166"/>
        <source>Done in {0} s: {1} candidates passed the accuracy gate.</source>
        <translation>用时 {0} 秒完成：{1} 个候选模型通过了精度检查。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/build_page.py" line="194"/>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/build_page.py" line="227"/>
        <source>reading data</source>
        <translation>读取数据</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/build_page.py" line="228"/>
        <source>building</source>
        <translation>构建中</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/build_page.py" line="229"/>
        <source>calibrating</source>
        <translation>校准中</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/build_page.py" line="230"/>
        <source>quantizing</source>
        <translation>量化中</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/build_page.py" line="231"/>
        <source>converting</source>
        <translation>转换中</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/build_page.py" line="232"/>
        <source>checking accuracy</source>
        <translation>检查精度</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/build_page.py" line="233"/>
        <source>timing</source>
        <translation>计时中</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/build_page.py" line="234"/>
        <source>profiling</source>
        <translation>性能分析</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/build_page.py" line="240"/>
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/build_page.py" line="241"/>
        <source>failed the gate</source>
        <translation>未通过精度检查</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/build_page.py" line="242"/>
        <source>could not be built</source>
        <translation>无法构建</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/build_page.py" line="243"/>
        <source>unavailable</source>
        <translation>不可用</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/build_page.py" line="244"/>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/build_page.py" line="245"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>CalibrationDialog</name>
    <message>
        <location filename="../ui/calibration_dialog.py" line="13"/>
        <source>1 in 10,000</source>
        <translation>万分之一</translation>
    </message>
    <message>
        <location filename="../ui/calibration_dialog.py" line="14"/>
        <source>1 in 1,000</source>
        <translation>千分之一</translation>
    </message>
    <message>
        <location filename="../ui/calibration_dialog.py" line="15"/>
        <source>1 in 100</source>
        <translation>百分之一</translation>
    </message>
    <message>
        <location filename="../ui/calibration_dialog.py" line="24"/>
        <source>Calibrate the recognition threshold</source>
        <translation>校准识别阈值</translation>
    </message>
    <message>
        <location filename="../ui/calibration_dialog.py" line="36"/>
        <source>Use this threshold</source>
        <translation>使用此阈值</translation>
    </message>
    <message>
        <location filename="../ui/calibration_dialog.py" line="38"/>
        <source>Accept a stranger at most</source>
        <translation>最多接受陌生人</translation>
    </message>
    <message>
        <location filename="../ui/calibration_dialog.py" line="57"/>
        <source>Enroll at least two people to calibrate; the default threshold ({value}) is used.</source>
        <translation>至少登记两个人才能校准；当前使用默认阈值（{value}）。</translation>
    </message>
    <message>
        <location filename="../ui/calibration_dialog.py" line="65"/>
        <source>Threshold {threshold}: {far} % of stranger pairs would be accepted; {frr} % of same-person pairs would be rejected (from {genuine} and {impostor} pairs).</source>
        <translation>阈值 {threshold}：{far} % 的陌生人配对会被接受；{frr} % 的同一人配对会被拒绝（基于 {genuine} 对和 {impostor} 对）。</translation>
    </message>
</context>
<context>
    <name>ChatModelPanel</name>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="58"/>
        <location filename="../ui/widgets/chat_model_panel.py" line="241"/>
        <source>Add GGUF…</source>
        <translation>添加 GGUF…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="70"/>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="72"/>
        <source>the server&apos;s first model</source>
        <translation>服务器上的第一个模型</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="76"/>
        <source>URL</source>
        <translation>网址</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="77"/>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="78"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="82"/>
        <source>Optimize…</source>
        <translation>优化…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="84"/>
        <source>Build faster quantizations of this model, check their perplexity and deploy one</source>
        <translation>为此模型构建更快的量化版本，检查其困惑度并部署其中之一</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="114"/>
        <source>Chat server (OpenAI-compatible)…</source>
        <translation>对话服务器（兼容 OpenAI）…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="141"/>
        <source>Answers come from a chat server: llama.cpp&apos;s server, Ollama or vLLM.</source>
        <translation>回答来自对话服务器：llama.cpp 服务器、Ollama 或 vLLM。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="143"/>
        <source>No chat model installed.</source>
        <translation>未安装对话模型。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="149"/>
        <source>Reading the model&apos;s metadata…</source>
        <translation>正在读取模型元数据…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="172"/>
        <source>from the file</source>
        <translation>来自文件</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="174"/>
        <source>&lt;b&gt;none&lt;/b&gt; (answers may be poor)</source>
        <translation>&lt;b&gt;无&lt;/b&gt;（回答质量可能较差）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="177"/>
        <source>&lt;b&gt;{architecture}&lt;/b&gt;, {params} parameters, {quantization}&lt;br&gt;context {context} tokens, chat template {template}&lt;br&gt;licence {license}</source>
        <translation>&lt;b&gt;{architecture}&lt;/b&gt;，{params} 参数，{quantization}&lt;br&gt;上下文 {context} 个词元，对话模板 {template}&lt;br&gt;许可证 {license}</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="191"/>
        <source>{used} MB of {free} MB free</source>
        <translation>需要 {used} MB，可用 {free} MB</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="212"/>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="245"/>
        <source>Add a chat model</source>
        <translation>添加对话模型</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="245"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>ChatSiteLink</name>
    <message>
        <location filename="../ui/chat_tab_site.py" line="103"/>
        <source>Answers come from the site server again.</source>
        <translation>回答再次来自站点服务器。</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab_site.py" line="105"/>
        <source>The site server does not answer: the local model answers ({0}).</source>
        <translation>站点服务器没有响应：由本地模型回答（{0}）。</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab_site.py" line="110"/>
        <source>Chat: {0}</source>
        <translation>聊天：{0}</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab_site.py" line="115"/>
        <source>The site server stopped in the middle of the answer; the local model answers the question afresh.</source>
        <translation>站点服务器在回答中途停止；本地模型重新回答该问题。</translation>
    </message>
</context>
<context>
    <name>ChatTab</name>
    <message>
        <location filename="../ui/chat_tab.py" line="64"/>
        <source>You are a helpful assistant. Answer briefly and clearly.</source>
        <translation>你是一个乐于助人的助手。请用中文简洁清楚地回答。</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="77"/>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="86"/>
        <source>Search conversations</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="87"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="88"/>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="89"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="90"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="93"/>
        <source>Ask something… (Ctrl+Enter sends)</source>
        <translation>输入问题…（Ctrl+Enter 发送）</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="95"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="96"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="97"/>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="100"/>
        <source>Send after speaking</source>
        <translation>说完后直接发送</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="102"/>
        <source>Push-to-talk sends the spoken question at once instead of putting it in the prompt.</source>
        <translation>按键说话识别出的问题立即发送，而不是先放入输入框。</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="156"/>
        <source>Conversations</source>
        <translation>对话列表</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="184"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="188"/>
        <source>Answers</source>
        <translation>回答</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="190"/>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="192"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="193"/>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="194"/>
        <source>Max tokens</source>
        <translation>最大词元数</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="223"/>
        <source>New conversation: type a question below.</source>
        <translation>新对话：请在下方输入问题。</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="265"/>
        <source>Rename conversation</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="265"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="272"/>
        <source>Conversation deleted.</source>
        <translation>对话已删除。</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="279"/>
        <source>Export conversation</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="281"/>
        <source>Markdown (*.md);;JSON (*.json)</source>
        <translation>Markdown (*.md);;JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="289"/>
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="308"/>
        <source>Check the question, then press Send.</source>
        <translation>请检查问题，然后按“发送”。</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="331"/>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="342"/>
        <source>Conversations are no longer saved: the disk is not writable.</source>
        <translation>对话不再保存：磁盘不可写入。</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="365"/>
        <source>Stopped after {n} tokens.</source>
        <translation>已在 {n} 个词元后停止。</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="389"/>
        <source>Thinking…</source>
        <translation>思考中…</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="407"/>
        <source>Loading the model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="449"/>
        <source>{model} loaded in {s} s ({device}).</source>
        <translation>{model} 已加载，用时 {s} 秒（{device}）。</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="461"/>
        <source>Generating… {n} tokens</source>
        <translation>生成中… {n} 个词元</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="473"/>
        <source>Nothing relevant was found in the documents.</source>
        <translation>文档中没有找到相关内容。</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="481"/>
        <source>First token in {ttft} ms · {speed} tokens/s · {n} tokens</source>
        <translation>首个词元 {ttft} 毫秒 · {speed} 词元/秒 · 共 {n} 个词元</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="520"/>
        <source>Chat now uses {0}; it loads with the next question.</source>
        <translation>聊天现在使用 {0}；下一个问题时加载。</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="542"/>
        <source>This model does not fit in memory.</source>
        <translation>此模型超出可用内存。</translation>
    </message>
</context>
<context>
    <name>CheckpointImportDialog</name>
    <message>
        <location filename="../ui/widgets/checkpoint_import.py" line="67"/>
        <source>Add a PyTorch checkpoint</source>
        <translation>添加 PyTorch 检查点</translation>
    </message>
    <message>
        <location filename="../ui/widgets/checkpoint_import.py" line="71"/>
        <source>{name} is a PyTorch checkpoint. Loading it runs Python code stored inside it, with your permissions: a checkpoint from an unknown source can read, change or send your files.

Load it only if you trust where it came from (for example, your own team&apos;s training run). EdgeStudio loads it in a separate process, exports it to ONNX and stores only the ONNX model.</source>
        <translation>{name} 是一个 PyTorch 检查点。加载它会以您的权限运行其中存储的 Python 代码：来源不明的检查点可能读取、修改或发送您的文件。

仅当您信任其来源时才加载它（例如您自己团队的训练结果）。EdgeStudio 会在单独的进程中加载它，将其导出为 ONNX，并且只保存 ONNX 模型。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/checkpoint_import.py" line="89"/>
        <source>I trust this file: load and export it</source>
        <translation>我信任此文件：加载并导出</translation>
    </message>
    <message>
        <location filename="../ui/widgets/checkpoint_import.py" line="90"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../ui/widgets/checkpoint_import.py" line="115"/>
        <source>Starting the export…</source>
        <translation>正在开始导出…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/checkpoint_import.py" line="148"/>
        <source>Copying the checkpoint</source>
        <translation>正在复制检查点</translation>
    </message>
    <message>
        <location filename="../ui/widgets/checkpoint_import.py" line="149"/>
        <source>Loading PyTorch and Ultralytics</source>
        <translation>正在加载 PyTorch 和 Ultralytics</translation>
    </message>
    <message>
        <location filename="../ui/widgets/checkpoint_import.py" line="150"/>
        <source>Loading the checkpoint</source>
        <translation>正在加载检查点</translation>
    </message>
    <message>
        <location filename="../ui/widgets/checkpoint_import.py" line="151"/>
        <source>Exporting to ONNX</source>
        <translation>正在导出为 ONNX</translation>
    </message>
    <message>
        <location filename="../ui/widgets/checkpoint_import.py" line="152"/>
        <source>Writing the model&apos;s metadata</source>
        <translation>正在写入模型元数据</translation>
    </message>
    <message>
        <location filename="../ui/widgets/checkpoint_import.py" line="165"/>
        <source>Checking and storing the ONNX model…</source>
        <translation>正在检查并保存 ONNX 模型…</translation>
    </message>
</context>
<context>
    <name>DamagedGalleryPage</name>
    <message>
        <location filename="../ui/widgets/damaged_gallery_page.py" line="25"/>
        <source>The face gallery file is damaged</source>
        <translation>人脸库文件已损坏</translation>
    </message>
    <message>
        <location filename="../ui/widgets/damaged_gallery_page.py" line="35"/>
        <source>Keep the damaged file aside and start a new gallery</source>
        <translation>保留损坏的文件并新建人脸库</translation>
    </message>
    <message>
        <location filename="../ui/widgets/damaged_gallery_page.py" line="57"/>
        <source>EdgeStudio cannot read the face gallery: the file&lt;br&gt;&lt;b&gt;{path}&lt;/b&gt;&lt;br&gt;is damaged ({detail}). Nobody can be recognised or enrolled until a new gallery is started.&lt;br&gt;&lt;br&gt;The damaged file is not changed or deleted: it is renamed and kept beside the new gallery, so a specialist can try to recover it. Everyone must be enrolled again in the new gallery, which gets a new admin PIN.</source>
        <translation>EdgeStudio 无法读取人脸库：文件&lt;br&gt;&lt;b&gt;{path}&lt;/b&gt;&lt;br&gt;已损坏（{detail}）。在新建人脸库之前，无法识别或登记任何人。&lt;br&gt;&lt;br&gt;损坏的文件不会被修改或删除：它会被重命名并保存在新人脸库旁边，以便专业人员尝试恢复。所有人都需要在新人脸库中重新登记，新人脸库将使用新的管理员 PIN。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/damaged_gallery_page.py" line="72"/>
        <source>Start a new face gallery?</source>
        <translation>新建人脸库？</translation>
    </message>
    <message>
        <location filename="../ui/widgets/damaged_gallery_page.py" line="74"/>
        <source>{name} will be renamed and kept for recovery, and a new, empty gallery started. Everyone must be enrolled again. Go on?</source>
        <translation>{name} 将被重命名并保留以便恢复，同时新建一个空的人脸库。所有人都需要重新登记。是否继续？</translation>
    </message>
</context>
<context>
    <name>DataPage</name>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="104"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="107"/>
        <source>Quantizers learn the value ranges from the calibration set; the accuracy gate compares each candidate with the original on the validation set. Keep them apart.</source>
        <translation>量化器从校准集学习数值范围；精度检查在验证集上将每个候选模型与原始模型比较。请将两者分开。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="111"/>
        <source>Calibration</source>
        <translation>校准</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="112"/>
        <source>Validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="115"/>
        <source>the task&apos;s default</source>
        <translation>任务默认值</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="117"/>
        <source>How many times each candidate is timed, alternating with the original</source>
        <translation>每个候选模型与原始模型交替计时的次数</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="120"/>
        <source>Timing rounds</source>
        <translation>计时轮数</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="138"/>
        <source>Packaged photos (shipped with the app, with their sources)</source>
        <translation>内置照片（随应用提供，附来源）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="140"/>
        <source>Packaged data (shipped with the app, with its sources)</source>
        <translation>内置数据（随应用提供，附来源）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="156"/>
        <source>calibration</source>
        <translation>校准</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="157"/>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="161"/>
        <source>Choose a folder or a video for the {0} set, or use the packaged data.</source>
        <translation>请为{0}集选择一个文件夹或视频，或使用内置数据。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="166"/>
        <source>{0} does not exist.</source>
        <translation>{0} 不存在。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="171"/>
        <source>The calibration and validation sets are the same: the gate must judge on pictures the quantizer has not seen. Choose two different folders, or keep the packaged validation photos.</source>
        <translation>校准集与验证集相同：精度检查必须使用量化器未见过的图片。请选择两个不同的文件夹，或保留内置的验证照片。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="187"/>
        <source>The {0} folder {1} does not exist.</source>
        <translation>{0}文件夹 {1} 不存在。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="191"/>
        <source>{0} is neither a folder of pictures nor a video (MP4, AVI, MKV…).</source>
        <translation>{0} 既不是图片文件夹，也不是视频（MP4、AVI、MKV…）。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="196"/>
        <source>The {0} folder {1} holds no pictures (JPEG, PNG, BMP, WebP or TIFF).</source>
        <translation>{0}文件夹 {1} 中没有图片（JPEG、PNG、BMP、WebP 或 TIFF）。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="201"/>
        <source>The {0} folder holds {1} pictures; at least {2} are needed (24-48 work well).</source>
        <translation>{0}文件夹中有 {1} 张图片；至少需要 {2} 张（24-48 张效果较好）。</translation>
    </message>
</context>
<context>
    <name>DeployPage</name>
    <message>
        <location filename="../ui/optimize_pages/deploy_page.py" line="48"/>
        <location filename="../ui/optimize_pages/deploy_page.py" line="60"/>
        <source>Deploy</source>
        <translation>部署</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/deploy_page.py" line="51"/>
        <source>The deployed model becomes the one its tab uses; the previous one stays, and Rollback returns to it.</source>
        <translation>部署后，对应标签页将使用该模型；之前的模型会保留，可通过“回滚”恢复。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/deploy_page.py" line="61"/>
        <source>Rollback</source>
        <translation>回滚</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/deploy_page.py" line="62"/>
        <source>Go back to the model used before the last deploy</source>
        <translation>恢复到上次部署之前使用的模型</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/deploy_page.py" line="63"/>
        <source>Export for a site server…</source>
        <translation>导出到站点服务器…</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/deploy_page.py" line="66"/>
        <source>Write the candidate as a standard model repository for NVIDIA Triton, OpenVINO Model Server or KServe (ONNX, OpenVINO IR and TensorRT models)</source>
        <translation>将该候选模型写成标准模型仓库，供 NVIDIA Triton、OpenVINO Model Server 或 KServe 使用（支持 ONNX、OpenVINO IR 和 TensorRT 模型）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/deploy_page.py" line="77"/>
        <source>Candidate</source>
        <translation>候选模型</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/deploy_page.py" line="79"/>
        <source>In use now</source>
        <translation>当前使用</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/deploy_page.py" line="110"/>
        <source>{0} (failed: cannot be deployed)</source>
        <translation>{0}（未通过：无法部署）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/deploy_page.py" line="133"/>
        <source>Deploying {0}…</source>
        <translation>正在部署 {0}…</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/deploy_page.py" line="140"/>
        <source>Deployed: {0}. Its tab uses it from now on.</source>
        <translation>已部署：{0}。对应标签页从现在起使用它。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/deploy_page.py" line="156"/>
        <source>the original model</source>
        <translation>原始模型</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/deploy_page.py" line="157"/>
        <source>Rolled back from {0} to {1}.</source>
        <translation>已从 {0} 回滚到 {1}。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/deploy_page.py" line="171"/>
        <source>Writing {0} into {1}…</source>
        <translation>正在将 {0} 写入 {1}…</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/deploy_page.py" line="178"/>
        <source>Written for a site server: {0} ({1}).</source>
        <translation>已为站点服务器写入：{0}（{1}）。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/deploy_page.py" line="188"/>
        <source>Model repository folder</source>
        <translation>模型仓库文件夹</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/deploy_page.py" line="224"/>
        <source>No candidate passed the accuracy gate: the current model stays.</source>
        <translation>没有候选模型通过精度检查：保持当前模型。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/deploy_page.py" line="229"/>
        <source>confidence threshold {0}</source>
        <translation>置信度阈值 {0}</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/deploy_page.py" line="231"/>
        <source>compute type {0}</source>
        <translation>计算类型 {0}</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/deploy_page.py" line="236"/>
        <source>Deployed with: {0}</source>
        <translation>部署设置：{0}</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/deploy_page.py" line="247"/>
        <source>the original model (nothing deployed)</source>
        <translation>原始模型（未部署任何候选）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/deploy_page.py" line="250"/>
        <source>{0}, deployed {1}</source>
        <translation>{0}，部署于 {1}</translation>
    </message>
</context>
<context>
    <name>DetectTab</name>
    <message>
        <location filename="../ui/detect_tab.py" line="64"/>
        <source>Detect</source>
        <translation>目标检测</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="74"/>
        <source>More cameras, video files or stream URLs, one per line (up to 7); each gets its own tile</source>
        <translation>更多摄像头、视频文件或视频流地址，每行一个（最多 7 个）；每个来源有自己的画面格</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="93"/>
        <location filename="../ui/detect_tab.py" line="281"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="95"/>
        <source>Snapshot</source>
        <translation>截图</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="104"/>
        <source>No model loaded.</source>
        <translation>尚未加载模型。</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="131"/>
        <source>Added {name}.</source>
        <translation>已添加 {name}。</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="157"/>
        <source>Source</source>
        <translation>视频源</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="158"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="159"/>
        <source>Runtime</source>
        <translation>运行时</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="165"/>
        <source>Thresholds</source>
        <translation>阈值</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="167"/>
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="168"/>
        <source>Overlap (IoU)</source>
        <translation>重叠度 (IoU)</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="170"/>
        <source>Performance</source>
        <translation>性能</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="172"/>
        <source>Frame rate</source>
        <translation>帧率</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="173"/>
        <source>Inference</source>
        <translation>推理</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="174"/>
        <source>End-to-end latency</source>
        <translation>端到端延迟</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="175"/>
        <source>Objects</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="177"/>
        <source>Time per frame (ms)</source>
        <translation>每帧耗时（毫秒）</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="234"/>
        <source>Nothing to run</source>
        <translation>没有可运行的内容</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="234"/>
        <source>Choose a model and an available backend first.</source>
        <translation>请先选择模型和一个可用的后端。</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="241"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="267"/>
        <source>Loading {name}…</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="273"/>
        <source>Stopped. Press Start to go on.</source>
        <translation>已停止。按“开始”继续。</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="308"/>
        <source>Now using {0}. Press Start to run it.</source>
        <translation>现在使用 {0}。按“开始”运行。</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="351"/>
        <source>Running on {count} sources</source>
        <translation>正在处理 {count} 个来源</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="367"/>
        <source>Opening {source}…</source>
        <translation>正在打开 {source}…</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="368"/>
        <source>Running on {source}</source>
        <translation>正在处理 {source}</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="386"/>
        <source>{model} on {backend} / {device}, loaded in {ms} ms</source>
        <translation>{model} 运行于 {backend} / {device}，加载用时 {ms} 毫秒</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="423"/>
        <source>{fps} fps</source>
        <translation>{fps} 帧/秒</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="424"/>
        <location filename="../ui/detect_tab.py" line="425"/>
        <location filename="../ui/detect_tab.py" line="446"/>
        <source>{ms} ms</source>
        <translation>{ms} 毫秒</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="430"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="434"/>
        <source>{fps} fps   inference {infer} ms   latency {latency} ms</source>
        <translation>{fps} 帧/秒   推理 {infer} 毫秒   延迟 {latency} 毫秒</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="445"/>
        <source>{fps} fps in all</source>
        <translation>合计 {fps} 帧/秒</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="449"/>
        <source>opening</source>
        <translation>正在打开</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="450"/>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="451"/>
        <source>reconnecting</source>
        <translation>正在重新连接</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="455"/>
        <source>{n}. {source}: {state}, {fps} fps, {dropped} dropped</source>
        <translation>{n}. {source}：{state}，{fps} 帧/秒，丢弃 {dropped} 帧</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="482"/>
        <location filename="../ui/detect_tab.py" line="483"/>
        <source>{source}: reconnecting…</source>
        <translation>{source}：正在重新连接…</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="486"/>
        <source>{source} is back.</source>
        <translation>{source} 已恢复。</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="489"/>
        <source>The video has ended. Press Start to play it again.</source>
        <translation>视频已结束。按“开始”重新播放。</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="501"/>
        <source>Settings changed. Press Start to use them.</source>
        <translation>设置已更改。按“开始”以应用。</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="509"/>
        <source>Snapshot saved to {path}</source>
        <translation>截图已保存到 {path}</translation>
    </message>
</context>
<context>
    <name>DevicePanel</name>
    <message>
        <location filename="../ui/device_panel.py" line="63"/>
        <source>Site server</source>
        <translation>站点服务器</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="67"/>
        <location filename="../ui/device_panel.py" line="103"/>
        <source>Checking this device…</source>
        <translation>正在检查本设备…</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="68"/>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="70"/>
        <source>This device</source>
        <translation>本设备</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="73"/>
        <source>Runtime / device</source>
        <translation>运行时 / 设备</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="73"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="78"/>
        <source>Runtimes</source>
        <translation>运行时</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="81"/>
        <source>Recommended</source>
        <translation>推荐</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="106"/>
        <source>Asking the site server…</source>
        <translation>正在询问站点服务器…</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="113"/>
        <source>None set. Settings &gt; Site server connects this device to one.</source>
        <translation>未设置。在“设置 &gt; 站点服务器”中可将本设备连接到站点服务器。</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="117"/>
        <source>{0} at {1}, round trip {2} ms</source>
        <translation>{0}，地址 {1}，往返 {2} 毫秒</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="118"/>
        <source>Devices: {0}</source>
        <translation>设备：{0}</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="118"/>
        <source>not said</source>
        <translation>未说明</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="119"/>
        <source>Models:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="119"/>
        <source>Models: none yet</source>
        <translation>模型：尚无</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="122"/>
        <source>unknown task</source>
        <translation>未知任务</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="124"/>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="124"/>
        <source>not ready</source>
        <translation>未就绪</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="125"/>
        <source>• {0}: {1}, {2}</source>
        <translation>• {0}：{1}，{2}</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="133"/>
        <source>Not reachable: {0}</source>
        <translation>无法连接：{0}</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="138"/>
        <source>The device check failed: {detail}</source>
        <translation>设备检查失败：{detail}</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="145"/>
        <source>{n} of {total} runtimes available.</source>
        <translation>{total} 个运行时中有 {n} 个可用。</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="155"/>
        <source>none of note</source>
        <translation>无特别指令集</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="158"/>
        <source>none found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="159"/>
        <source>{free} free of {total}</source>
        <translation>可用 {free}，共 {total}</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="164"/>
        <source>CPU</source>
        <translation>处理器</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="165"/>
        <source>Cores</source>
        <translation>核心</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="165"/>
        <source>{cores} cores, {threads} threads</source>
        <translation>{cores} 核，{threads} 线程</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="167"/>
        <source>Instruction sets</source>
        <translation>指令集</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="168"/>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="169"/>
        <source>NVIDIA GPU</source>
        <translation>NVIDIA 显卡</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="170"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="175"/>
        <source>{name}:</source>
        <translation>{name}：</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="184"/>
        <source>unavailable: {reason}</source>
        <translation>不可用：{reason}</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="190"/>
        <source>nothing</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="191"/>
        <source>no model file (a server)</source>
        <translation>无模型文件（服务器）</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="192"/>
        <source>Serves: {0}
Loads: {1}</source>
        <translation>用于：{0}
可加载：{1}</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="194"/>
        <source>available</source>
        <translation>可用</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="205"/>
        <source>plugin {name}</source>
        <translation>插件 {name}</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="206"/>
        <source>broken: {reason}</source>
        <translation>已损坏：{reason}</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="219"/>
        <source>nothing installed</source>
        <translation>未安装</translation>
    </message>
</context>
<context>
    <name>DocsPanel</name>
    <message>
        <location filename="../ui/widgets/docs_panel.py" line="52"/>
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <location filename="../ui/widgets/docs_panel.py" line="55"/>
        <source>Answer from the documents</source>
        <translation>根据文档回答</translation>
    </message>
    <message>
        <location filename="../ui/widgets/docs_panel.py" line="57"/>
        <source>Answers use the best passages of these documents and list them as sources.</source>
        <translation>回答会引用这些文档中最相关的段落，并列出来源。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/docs_panel.py" line="60"/>
        <source>Documents only</source>
        <translation>仅限文档</translation>
    </message>
    <message>
        <location filename="../ui/widgets/docs_panel.py" line="63"/>
        <source>When the documents hold nothing relevant, say so instead of letting the model guess.</source>
        <translation>文档中没有相关内容时直接说明，而不让模型猜测。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/docs_panel.py" line="68"/>
        <source>Add documents…</source>
        <translation>添加文档…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/docs_panel.py" line="69"/>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/docs_panel.py" line="70"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../ui/widgets/docs_panel.py" line="71"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../ui/widgets/docs_panel.py" line="72"/>
        <source>Index changed files again and forget removed ones.</source>
        <translation>重新索引已更改的文件，并移除已删除的文件。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/docs_panel.py" line="77"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../ui/widgets/docs_panel.py" line="139"/>
        <source>{n} pages</source>
        <translation>{n} 页</translation>
    </message>
    <message>
        <location filename="../ui/widgets/docs_panel.py" line="141"/>
        <source>{n} passages</source>
        <translation>{n} 个段落</translation>
    </message>
    <message>
        <location filename="../ui/widgets/docs_panel.py" line="172"/>
        <source>Add documents</source>
        <translation>添加文档</translation>
    </message>
    <message>
        <location filename="../ui/widgets/docs_panel.py" line="172"/>
        <source>Documents ({patterns})</source>
        <translation>文档 ({patterns})</translation>
    </message>
    <message>
        <location filename="../ui/widgets/docs_panel.py" line="178"/>
        <source>Add a folder of documents</source>
        <translation>添加文档文件夹</translation>
    </message>
    <message>
        <location filename="../ui/widgets/docs_panel.py" line="201"/>
        <source>Indexing was cancelled; the documents indexed before are kept.</source>
        <translation>索引已取消；之前已索引的文档仍然保留。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/docs_panel.py" line="214"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/docs_panel.py" line="255"/>
        <source>{n} document(s) indexed ({passages} passages) in {s} s.</source>
        <translation>已索引 {n} 个文档（{passages} 个段落），用时 {s} 秒。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/docs_panel.py" line="260"/>
        <source>{n} document(s) removed.</source>
        <translation>已移除 {n} 个文档。</translation>
    </message>
</context>
<context>
    <name>FacesEnrollPanel</name>
    <message>
        <location filename="../ui/faces_enroll_panel.py" line="80"/>
        <source>Enroll</source>
        <translation>登记</translation>
    </message>
    <message>
        <location filename="../ui/faces_enroll_panel.py" line="83"/>
        <source>The person read and accepted:</source>
        <translation>本人已阅读并同意：</translation>
    </message>
    <message>
        <location filename="../ui/faces_enroll_panel.py" line="87"/>
        <source>Enroll from camera…</source>
        <translation>用摄像头登记…</translation>
    </message>
    <message>
        <location filename="../ui/faces_enroll_panel.py" line="88"/>
        <source>Enroll from photos…</source>
        <translation>用照片登记…</translation>
    </message>
    <message>
        <location filename="../ui/faces_enroll_panel.py" line="90"/>
        <source>%v of %m good captures</source>
        <translation>合格采集 %v / %m</translation>
    </message>
    <message>
        <location filename="../ui/faces_enroll_panel.py" line="128"/>
        <source>Enrolling {name}: look at the camera.</source>
        <translation>正在登记 {name}：请看向摄像头。</translation>
    </message>
    <message>
        <location filename="../ui/faces_enroll_panel.py" line="160"/>
        <source>Good capture ({n}).</source>
        <translation>采集合格（{n}）。</translation>
    </message>
    <message>
        <location filename="../ui/faces_enroll_panel.py" line="163"/>
        <source>Refused: {reason}</source>
        <translation>已拒绝：{reason}</translation>
    </message>
    <message>
        <location filename="../ui/faces_enroll_panel.py" line="172"/>
        <source>Enrolled {name} with {n} captures.</source>
        <translation>已用 {n} 次采集登记 {name}。</translation>
    </message>
    <message>
        <location filename="../ui/faces_enroll_panel.py" line="180"/>
        <source>Enrollment stopped before enough captures: nothing was saved.</source>
        <translation>采集数量不足时登记已停止：未保存任何内容。</translation>
    </message>
    <message>
        <location filename="../ui/faces_enroll_panel.py" line="190"/>
        <source>Add these captures to %1 anyway?</source>
        <translation>仍要将这些采集添加到 %1 吗？</translation>
    </message>
    <message>
        <location filename="../ui/faces_enroll_panel.py" line="193"/>
        <source>A different face?</source>
        <translation>不是同一张脸？</translation>
    </message>
    <message>
        <location filename="../ui/faces_enroll_panel.py" line="199"/>
        <source>Nothing was enrolled: the face did not match %1.</source>
        <translation>未登记任何内容：人脸与 %1 不符。</translation>
    </message>
    <message>
        <location filename="../ui/faces_enroll_panel.py" line="218"/>
        <source>Enroll from camera</source>
        <translation>用摄像头登记</translation>
    </message>
    <message>
        <location filename="../ui/faces_enroll_panel.py" line="218"/>
        <location filename="../ui/faces_enroll_panel.py" line="223"/>
        <source>Name of the person</source>
        <translation>人员姓名</translation>
    </message>
    <message>
        <location filename="../ui/faces_enroll_panel.py" line="223"/>
        <source>Enroll from photos</source>
        <translation>用照片登记</translation>
    </message>
    <message>
        <location filename="../ui/faces_enroll_panel.py" line="227"/>
        <source>Photos of the person</source>
        <translation>此人的照片</translation>
    </message>
    <message>
        <location filename="../ui/faces_enroll_panel.py" line="227"/>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.webp)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.bmp *.webp)</translation>
    </message>
    <message>
        <location filename="../ui/faces_enroll_panel.py" line="235"/>
        <source>Tick the consent line first.</source>
        <translation>请先勾选同意声明。</translation>
    </message>
    <message>
        <location filename="../ui/faces_enroll_panel.py" line="242"/>
        <source>{file}: not an image EdgeStudio can read</source>
        <translation>{file}：EdgeStudio 无法读取此图片</translation>
    </message>
    <message>
        <location filename="../ui/faces_enroll_panel.py" line="249"/>
        <source>Refused {reason}</source>
        <translation>已拒绝 {reason}</translation>
    </message>
    <message>
        <location filename="../ui/faces_enroll_panel.py" line="256"/>
        <source>Enrolled {name} from {n} photo(s).</source>
        <translation>已用 {n} 张照片登记 {name}。</translation>
    </message>
    <message>
        <location filename="../ui/faces_enroll_panel.py" line="261"/>
        <source>No photo could be used.</source>
        <translation>没有可用的照片。</translation>
    </message>
</context>
<context>
    <name>FacesModelsBox</name>
    <message>
        <location filename="../ui/faces_models_box.py" line="44"/>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../ui/faces_models_box.py" line="49"/>
        <source>The model that finds faces; the next start of the camera uses it.</source>
        <translation>用于查找人脸的模型；下次启动摄像头时生效。</translation>
    </message>
    <message>
        <location filename="../ui/faces_models_box.py" line="51"/>
        <source>Optimize…</source>
        <translation>优化…</translation>
    </message>
    <message>
        <location filename="../ui/faces_models_box.py" line="53"/>
        <source>Build faster versions of the face detector, check their accuracy and deploy one</source>
        <translation>为人脸检测器构建更快的版本，检查其精度并部署其中之一</translation>
    </message>
    <message>
        <location filename="../ui/faces_models_box.py" line="62"/>
        <source>The model that tells people apart. Each keeps its own templates: people enrolled with one are recognised only with that one.</source>
        <translation>用于区分不同人的模型。每个模型保存各自的特征模板：用某个模型登记的人只能用该模型识别。</translation>
    </message>
    <message>
        <location filename="../ui/faces_models_box.py" line="71"/>
        <source>Face detector</source>
        <translation>人脸检测器</translation>
    </message>
    <message>
        <location filename="../ui/faces_models_box.py" line="72"/>
        <source>Face recognizer</source>
        <translation>人脸识别模型</translation>
    </message>
    <message>
        <location filename="../ui/faces_models_box.py" line="130"/>
        <source>{0} runs on this device; the site server runs the face detector.</source>
        <translation>{0} 在本设备上运行；站点服务器运行人脸检测器。</translation>
    </message>
</context>
<context>
    <name>FacesPeoplePanel</name>
    <message>
        <location filename="../ui/faces_people_panel.py" line="45"/>
        <source>People</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../ui/faces_people_panel.py" line="50"/>
        <location filename="../ui/faces_people_panel.py" line="129"/>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <location filename="../ui/faces_people_panel.py" line="51"/>
        <source>Add captures</source>
        <translation>追加采集</translation>
    </message>
    <message>
        <location filename="../ui/faces_people_panel.py" line="52"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../ui/faces_people_panel.py" line="53"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../ui/faces_people_panel.py" line="54"/>
        <source>Audit log…</source>
        <translation>审计日志…</translation>
    </message>
    <message>
        <location filename="../ui/faces_people_panel.py" line="55"/>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location filename="../ui/faces_people_panel.py" line="56"/>
        <source>Change PIN…</source>
        <translation>更改 PIN…</translation>
    </message>
    <message>
        <location filename="../ui/faces_people_panel.py" line="57"/>
        <source>Calibrate…</source>
        <translation>校准…</translation>
    </message>
    <message>
        <location filename="../ui/faces_people_panel.py" line="58"/>
        <source>Export for a new device…</source>
        <translation>导出到新设备…</translation>
    </message>
    <message>
        <location filename="../ui/faces_people_panel.py" line="60"/>
        <source>Write the whole gallery, sealed with a recovery code or a passphrase, to move it</source>
        <translation>写出整个人脸库（用恢复码或口令加密），以便迁移到新设备</translation>
    </message>
    <message>
        <location filename="../ui/faces_people_panel.py" line="96"/>
        <source>1 template</source>
        <translation>1 个模板</translation>
    </message>
    <message>
        <location filename="../ui/faces_people_panel.py" line="96"/>
        <source>{n} templates</source>
        <translation>{n} 个模板</translation>
    </message>
    <message>
        <location filename="../ui/faces_people_panel.py" line="129"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../ui/faces_people_panel.py" line="141"/>
        <source>Delete person</source>
        <translation>删除人员</translation>
    </message>
    <message>
        <location filename="../ui/faces_people_panel.py" line="142"/>
        <source>Erase {name} with every template and photo? This cannot be undone.</source>
        <translation>要删除 {name} 及其所有模板和照片吗？此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../ui/faces_people_panel.py" line="148"/>
        <source>{name} was erased.</source>
        <translation>{name} 已删除。</translation>
    </message>
    <message>
        <location filename="../ui/faces_people_panel.py" line="155"/>
        <source>Export record</source>
        <translation>导出记录</translation>
    </message>
    <message>
        <location filename="../ui/faces_people_panel.py" line="155"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../ui/faces_people_panel.py" line="159"/>
        <source>Record of {name} saved to {path}</source>
        <translation>{name} 的记录已保存到 {path}</translation>
    </message>
    <message>
        <location filename="../ui/faces_people_panel.py" line="164"/>
        <source>Change PIN</source>
        <translation>更改 PIN</translation>
    </message>
    <message>
        <location filename="../ui/faces_people_panel.py" line="165"/>
        <source>Current PIN</source>
        <translation>当前 PIN</translation>
    </message>
    <message>
        <location filename="../ui/faces_people_panel.py" line="168"/>
        <source>New PIN (at least 6 digits, or a passphrase)</source>
        <translation>新 PIN（至少 6 位数字，或一个口令）</translation>
    </message>
    <message>
        <location filename="../ui/faces_people_panel.py" line="172"/>
        <source>New PIN again</source>
        <translation>再次输入新 PIN</translation>
    </message>
    <message>
        <location filename="../ui/faces_people_panel.py" line="174"/>
        <source>The new PINs differ; the PIN was not changed.</source>
        <translation>两次输入的新 PIN 不一致；PIN 未更改。</translation>
    </message>
    <message>
        <location filename="../ui/faces_people_panel.py" line="181"/>
        <source>The admin PIN was changed.</source>
        <translation>管理员 PIN 已更改。</translation>
    </message>
    <message>
        <location filename="../ui/faces_people_panel.py" line="190"/>
        <source>{n} people were exported to {path}.</source>
        <translation>已将 {n} 人导出到 {path}。</translation>
    </message>
</context>
<context>
    <name>FacesTab</name>
    <message>
        <location filename="../ui/faces_tab.py" line="89"/>
        <source>Faces</source>
        <translation>人脸识别</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="99"/>
        <source>Choose a source and press Recognise, or enroll someone.</source>
        <translation>选择视频源并按“识别”，或登记人员。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="101"/>
        <location filename="../ui/faces_tab.py" line="496"/>
        <source>Recognise</source>
        <translation>识别</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="146"/>
        <source>The video has ended.</source>
        <translation>视频已结束。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="154"/>
        <source>Source</source>
        <translation>视频源</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="160"/>
        <source>Threshold</source>
        <translation>阈值</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="278"/>
        <source>The admin PIN was changed.</source>
        <translation>管理员 PIN 已更改。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="188"/>
        <source>The face gallery file is damaged.</source>
        <translation>人脸库文件已损坏。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="205"/>
        <source>The damaged gallery was kept as {name}; choose a PIN for the new one.</source>
        <translation>损坏的人脸库已保存为 {name}；请为新人脸库设置 PIN。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="245"/>
        <source>{n} people were imported from {file}; the gallery is bound to this device.</source>
        <translation>已从 {file} 导入 {n} 人；人脸库已绑定到本设备。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="247"/>
        <source>{n} people were imported from {file}; the new PIN alone protects them.</source>
        <translation>已从 {file} 导入 {n} 人；仅由新的 PIN 保护。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="519"/>
        <source>Faces: the models run on {0}. {1}</source>
        <translation>人脸：模型在 {0} 上运行。{1}</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="529"/>
        <source>the original model</source>
        <translation>原始模型</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="531"/>
        <source>The face detector is now {0}.</source>
        <translation>人脸检测器现在是 {0}。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="533"/>
        <source>The face recognizer is now {0}.</source>
        <translation>人脸识别器现在是 {0}。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="542"/>
        <source>It is used once this enrollment ends.</source>
        <translation>本次录入结束后启用。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="544"/>
        <location filename="../ui/faces_tab.py" line="550"/>
        <source>The next recognition loads it.</source>
        <translation>下一次识别时加载。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="548"/>
        <source>Recognition reloads the face models now.</source>
        <translation>识别正在重新加载人脸模型。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="342"/>
        <source>{name} enrolled.</source>
        <translation>{name} 已登记。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="420"/>
        <source>Loading the face models…</source>
        <translation>正在加载人脸模型…</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="434"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="440"/>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="454"/>
        <source>Face models ready ({ms} ms)</source>
        <translation>人脸模型已就绪（{ms} 毫秒）</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="464"/>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="496"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
</context>
<context>
    <name>FileTranscriptionPanel</name>
    <message>
        <location filename="../ui/voice_file_panel.py" line="42"/>
        <source>Audio and video (*.wav *.mp3 *.flac *.ogg *.opus *.m4a *.aac *.wma *.mp4 *.mkv *.mov *.webm);;All files (*)</source>
        <translation>音频和视频 (*.wav *.mp3 *.flac *.ogg *.opus *.m4a *.aac *.wma *.mp4 *.mkv *.mov *.webm);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="78"/>
        <source>Transcribe a file</source>
        <translation>转写文件</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="83"/>
        <source>An audio or video file</source>
        <translation>音频或视频文件</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="84"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="85"/>
        <source>Word timestamps</source>
        <translation>逐词时间戳</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="86"/>
        <source>Transcribe</source>
        <translation>转写</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="87"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="89"/>
        <location filename="../ui/voice_file_panel.py" line="223"/>
        <location filename="../ui/voice_file_panel.py" line="235"/>
        <location filename="../ui/voice_file_panel.py" line="271"/>
        <source>%p% of the audio</source>
        <translation>已处理音频 %p%</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="123"/>
        <source>Export:</source>
        <translation>导出：</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="140"/>
        <source>{0} is a folder, not a file.</source>
        <translation>{0} 是文件夹，不是文件。</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="141"/>
        <source>{0} does not exist.</source>
        <translation>{0} 不存在。</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="142"/>
        <source>{0} cannot be opened: {1}.</source>
        <translation>无法打开 {0}：{1}。</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="144"/>
        <source>No such file</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="160"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="161"/>
        <source>Transcribing {0}…</source>
        <translation>正在转写 {0}…</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="171"/>
        <source>Cancelled after {0} segments.</source>
        <translation>已在 {0} 个片段后取消。</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="187"/>
        <source>No model</source>
        <translation>没有模型</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="188"/>
        <source>No Whisper model is installed.</source>
        <translation>未安装 Whisper 模型。</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="189"/>
        <source>Run scripts/install.sh.</source>
        <translation>请运行 scripts/install.sh。</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="212"/>
        <source>Finding speech</source>
        <translation>正在查找语音</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="212"/>
        <source>Reading the audio</source>
        <translation>正在读取音频</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="227"/>
        <source>Transcribing… {0} of {1} ({2})</source>
        <translation>转写中… {0} / {1}（{2}）</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="248"/>
        <source>{0}: {1} of audio in {2:.1f} s ({3:.1f}x real time), language {4}</source>
        <translation>{0}：{1} 的音频用时 {2:.1f} 秒（{3:.1f} 倍实时），语言 {4}</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="252"/>
        <source>{0}: {1} of audio in {2:.1f} s ({3:.1f}x real time)</source>
        <translation>{0}：{1} 的音频用时 {2:.1f} 秒（{3:.1f} 倍实时）</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="261"/>
        <source>Transcribed by the site server.</source>
        <translation>由站点服务器转写。</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="264"/>
        <source>Transcribed on this device: {0}</source>
        <translation>在本设备上转写：{0}</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="304"/>
        <source>There is no transcript to export yet.</source>
        <translation>还没有可导出的转写文本。</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="310"/>
        <source>Export {0}</source>
        <translation>导出 {0}</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="318"/>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="321"/>
        <source>Choose audio</source>
        <translation>选择音频</translation>
    </message>
</context>
<context>
    <name>GalleryExportDialog</name>
    <message>
        <location filename="../ui/gallery_export_dialog.py" line="55"/>
        <source>Export for a new device</source>
        <translation>导出到新设备</translation>
    </message>
    <message>
        <location filename="../ui/gallery_export_dialog.py" line="69"/>
        <source>The export holds every person of the gallery with their templates, photos and consents, and the audit log, encrypted. Import it on the new device with “Import from another device…” on its Faces tab (or &apos;edgestudio faces import&apos;). The audit log records this export.</source>
        <translation>导出文件包含人脸库中的所有人员及其模板、照片和同意记录，以及审计日志，全部加密。在新设备的“人脸”标签页中用“从另一台设备导入…”（或 &apos;edgestudio faces import&apos;）导入。审计日志会记录这次导出。</translation>
    </message>
    <message>
        <location filename="../ui/gallery_export_dialog.py" line="78"/>
        <source>Seal it with a generated recovery code (recommended)</source>
        <translation>用生成的恢复码加密（推荐）</translation>
    </message>
    <message>
        <location filename="../ui/gallery_export_dialog.py" line="80"/>
        <source>Seal it with my own passphrase (at least {n} characters)</source>
        <translation>用我自己的口令加密（至少 {n} 个字符）</translation>
    </message>
    <message>
        <location filename="../ui/gallery_export_dialog.py" line="90"/>
        <source>The export file to write</source>
        <translation>要写入的导出文件</translation>
    </message>
    <message>
        <location filename="../ui/gallery_export_dialog.py" line="91"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../ui/gallery_export_dialog.py" line="96"/>
        <source>Admin PIN</source>
        <translation>管理员 PIN</translation>
    </message>
    <message>
        <location filename="../ui/gallery_export_dialog.py" line="99"/>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <location filename="../ui/gallery_export_dialog.py" line="100"/>
        <source>Repeat the passphrase</source>
        <translation>再次输入口令</translation>
    </message>
    <message>
        <location filename="../ui/gallery_export_dialog.py" line="103"/>
        <source>Export file</source>
        <translation>导出文件</translation>
    </message>
    <message>
        <location filename="../ui/gallery_export_dialog.py" line="109"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../ui/gallery_export_dialog.py" line="111"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../ui/gallery_export_dialog.py" line="132"/>
        <source>Recovery code</source>
        <translation>恢复码</translation>
    </message>
    <message>
        <location filename="../ui/gallery_export_dialog.py" line="141"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../ui/gallery_export_dialog.py" line="144"/>
        <source>Write this code down now and keep it safe, apart from the export file: the export cannot be opened without it, and it is not shown again. Anyone who has both the file and the code can read the gallery.</source>
        <translation>请立即抄下此恢复码并妥善保管，且与导出文件分开存放：没有它就无法打开导出文件，而且它不会再次显示。同时拥有文件和恢复码的人可以读取人脸库。</translation>
    </message>
    <message>
        <location filename="../ui/gallery_export_dialog.py" line="154"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../ui/gallery_export_dialog.py" line="179"/>
        <source>Save the gallery export</source>
        <translation>保存人脸库导出文件</translation>
    </message>
    <message>
        <location filename="../ui/gallery_export_dialog.py" line="181"/>
        <source>Face gallery export (*{suffix});;All files (*)</source>
        <translation>人脸库导出文件 (*{suffix});;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/gallery_export_dialog.py" line="195"/>
        <source>Enter the admin PIN.</source>
        <translation>请输入管理员 PIN。</translation>
    </message>
    <message>
        <location filename="../ui/gallery_export_dialog.py" line="198"/>
        <source>The two passphrases differ; nothing was exported.</source>
        <translation>两次输入的口令不一致；未导出任何内容。</translation>
    </message>
    <message>
        <location filename="../ui/gallery_export_dialog.py" line="201"/>
        <source>Choose the file to write.</source>
        <translation>请选择要写入的文件。</translation>
    </message>
    <message>
        <location filename="../ui/gallery_export_dialog.py" line="203"/>
        <source>Sealing the gallery…</source>
        <translation>正在加密人脸库…</translation>
    </message>
    <message>
        <location filename="../ui/gallery_export_dialog.py" line="223"/>
        <source>{n} people were exported to {path}.</source>
        <translation>已将 {n} 人导出到 {path}。</translation>
    </message>
    <message>
        <location filename="../ui/gallery_export_dialog.py" line="225"/>
        <source>It is sealed with the recovery code below.</source>
        <translation>它已用下面的恢复码加密。</translation>
    </message>
    <message>
        <location filename="../ui/gallery_export_dialog.py" line="227"/>
        <source>It is sealed with your passphrase: keep it safe, apart from the file.</source>
        <translation>它已用您的口令加密：请妥善保管口令，并与文件分开存放。</translation>
    </message>
    <message>
        <location filename="../ui/gallery_export_dialog.py" line="239"/>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>GalleryImportDialog</name>
    <message>
        <location filename="../ui/gallery_import_dialog.py" line="44"/>
        <source>Import from another device</source>
        <translation>从另一台设备导入</translation>
    </message>
    <message>
        <location filename="../ui/gallery_import_dialog.py" line="48"/>
        <source>Restore a face gallery exported on another device (“Export for a new device…” or &apos;edgestudio faces export&apos;). This gallery is new and empty, so nothing here is replaced. The imported gallery is bound to this device and to the new admin PIN you choose now.</source>
        <translation>恢复在另一台设备上导出的人脸库（“导出到新设备…”或 &apos;edgestudio faces export&apos;）。本设备的人脸库是新的、空的，因此不会替换任何内容。导入的人脸库将绑定到本设备和您现在选择的新管理员 PIN。</translation>
    </message>
    <message>
        <location filename="../ui/gallery_import_dialog.py" line="56"/>
        <source>The export file</source>
        <translation>导出文件</translation>
    </message>
    <message>
        <location filename="../ui/gallery_import_dialog.py" line="57"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../ui/gallery_import_dialog.py" line="63"/>
        <source>as given at the export, for example K7QX2-…</source>
        <translation>与导出时给出的一致，例如 K7QX2-…</translation>
    </message>
    <message>
        <location filename="../ui/gallery_import_dialog.py" line="69"/>
        <source>The new admin PIN: at least 6 digits, not an obvious one, or a passphrase.</source>
        <translation>新的管理员 PIN：至少 6 位数字且不易猜到，或一个口令。</translation>
    </message>
    <message>
        <location filename="../ui/gallery_import_dialog.py" line="72"/>
        <source>This device has no device key, so the new PIN alone protects the gallery: choose a passphrase of at least 12 characters.</source>
        <translation>本设备没有设备密钥，因此只有新的 PIN 保护人脸库：请选择至少 12 个字符的口令。</translation>
    </message>
    <message>
        <location filename="../ui/gallery_import_dialog.py" line="78"/>
        <source>Export file</source>
        <translation>导出文件</translation>
    </message>
    <message>
        <location filename="../ui/gallery_import_dialog.py" line="79"/>
        <source>Passphrase or recovery code</source>
        <translation>口令或恢复码</translation>
    </message>
    <message>
        <location filename="../ui/gallery_import_dialog.py" line="81"/>
        <source>New admin PIN</source>
        <translation>新的管理员 PIN</translation>
    </message>
    <message>
        <location filename="../ui/gallery_import_dialog.py" line="82"/>
        <source>Repeat the new PIN</source>
        <translation>再次输入新的 PIN</translation>
    </message>
    <message>
        <location filename="../ui/gallery_import_dialog.py" line="88"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../ui/gallery_import_dialog.py" line="90"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../ui/gallery_import_dialog.py" line="108"/>
        <source>Open a gallery export</source>
        <translation>打开人脸库导出文件</translation>
    </message>
    <message>
        <location filename="../ui/gallery_import_dialog.py" line="110"/>
        <source>Face gallery export (*{suffix});;All files (*)</source>
        <translation>人脸库导出文件 (*{suffix});;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/gallery_import_dialog.py" line="123"/>
        <source>Choose the export file.</source>
        <translation>请选择导出文件。</translation>
    </message>
    <message>
        <location filename="../ui/gallery_import_dialog.py" line="126"/>
        <source>Enter the passphrase or recovery code given at the export.</source>
        <translation>请输入导出时给出的口令或恢复码。</translation>
    </message>
    <message>
        <location filename="../ui/gallery_import_dialog.py" line="129"/>
        <source>The two PINs differ.</source>
        <translation>两次输入的 PIN 不一致。</translation>
    </message>
    <message>
        <location filename="../ui/gallery_import_dialog.py" line="135"/>
        <source>Opening the export and binding it to this device…</source>
        <translation>正在打开导出文件并将其绑定到本设备…</translation>
    </message>
</context>
<context>
    <name>GridDialog</name>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="49"/>
        <source>Benchmark grid</source>
        <translation>基准测试网格</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="52"/>
        <source>Every detection runtime at each precision it has and each input size, timed alternately with ONNX Runtime FP32 at the model&apos;s own size (the reference) and compared with its detections. INT8 and ncnn forms appear once the optimizer has built them.</source>
        <translation>每个检测运行时在其支持的每种精度和每个输入尺寸下运行，与模型原始尺寸下的 ONNX Runtime FP32（参考）交替计时，并与其检测结果比较。INT8 和 ncnn 形式需在优化器构建后才会出现。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="60"/>
        <source>Square input sizes in pixels, separated by commas</source>
        <translation>正方形输入尺寸（像素），以逗号分隔</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="64"/>
        <source>Timed detections per row</source>
        <translation>每行计时的检测次数</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="66"/>
        <source>every detection runtime</source>
        <translation>所有检测运行时</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="67"/>
        <source>Runtime ids separated by commas, e.g. onnxruntime,openvino</source>
        <translation>以逗号分隔的运行时 ID，例如 onnxruntime,openvino</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="68"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="69"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="72"/>
        <source>Input sizes</source>
        <translation>输入尺寸</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="73"/>
        <source>Runtimes</source>
        <translation>运行时</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="74"/>
        <source>Detections timed per row</source>
        <translation>每行计时的检测次数</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="76"/>
        <source>Form</source>
        <translation>形式</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="77"/>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="78"/>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="79"/>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="80"/>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="81"/>
        <source>fps</source>
        <translation>帧/秒</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="82"/>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="83"/>
        <source>mAP@0.5</source>
        <translation>mAP@0.5</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="84"/>
        <source>Speed-up</source>
        <translation>加速比</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="85"/>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="136"/>
        <source>Starting the benchmark grid…</source>
        <translation>正在启动基准测试网格…</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="152"/>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="167"/>
        <source>Done in {0} s: {1} of {2} rows measured.</source>
        <translation>完成，用时 {0} 秒：已测量 {2} 行中的 {1} 行。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="193"/>
        <source>cannot run</source>
        <translation>无法运行</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="194"/>
        <source>not built</source>
        <translation>未构建</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="195"/>
        <source>unavailable</source>
        <translation>不可用</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="203"/>
        <source>the reference</source>
        <translation>参考</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="208"/>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="209"/>
        <location filename="../ui/optimize_pages/grid_dialog.py" line="211"/>
        <source>{0} ms</source>
        <translation>{0} 毫秒</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <location filename="../ui/voice_history_panel.py" line="34"/>
        <source>Search transcripts</source>
        <translation>搜索转写记录</translation>
    </message>
    <message>
        <location filename="../ui/voice_history_panel.py" line="37"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>KioskAdminDrawer</name>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="99"/>
        <source>Admin PIN</source>
        <translation>管理员 PIN</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="102"/>
        <source>Repeat the PIN</source>
        <translation>再次输入 PIN</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="107"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="143"/>
        <location filename="../ui/kiosk_drawer.py" line="195"/>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="145"/>
        <source>Leave kiosk mode</source>
        <translation>退出自助终端模式</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="146"/>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="147"/>
        <source>Tabs shown in the kiosk</source>
        <translation>自助终端显示的标签页</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="154"/>
        <source>Show these tabs</source>
        <translation>显示这些标签页</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="163"/>
        <source>Reload the log</source>
        <translation>重新加载日志</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="164"/>
        <source>Lock and close</source>
        <translation>锁定并关闭</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="170"/>
        <source>Log: %1</source>
        <translation>日志：%1</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="187"/>
        <source>The site configuration sets these tabs; a change lasts until the next start.</source>
        <translation>这些标签页由站点配置设定；更改只在下次启动前有效。</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="195"/>
        <source>No admin PIN yet</source>
        <translation>尚未设置管理员 PIN</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="198"/>
        <source>This kiosk has no admin PIN yet, and it cannot be chosen on this screen, where anyone could. The administrator sets it on the device: at installation (sudo edgestudio kiosk install asks for it), or with sudo edgestudio kiosk set-pin --user KIOSK-USER, which reads the PIN from standard input.</source>
        <translation>此自助终端尚未设置管理员 PIN，且不能在此屏幕上设置，因为任何人都可以操作这里。管理员需在设备上设置：安装时（sudo edgestudio kiosk install 会询问），或使用 sudo edgestudio kiosk set-pin --user KIOSK-USER，从标准输入读取 PIN。</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="226"/>
        <source>No admin PIN is set; it cannot be chosen here.</source>
        <translation>尚未设置管理员 PIN；不能在这里设置。</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="204"/>
        <source>Enter the admin PIN to manage this kiosk.</source>
        <translation>输入管理员 PIN 以管理此自助终端。</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="209"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="253"/>
        <source>Choose at least one tab.</source>
        <translation>请至少选择一个标签页。</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="266"/>
        <source>Too many wrong PINs. Locked for %1 s.</source>
        <translation>PIN 错误次数过多，已锁定 %1 秒。</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="268"/>
        <source>Wrong PIN. Wait %1 s before the next try.</source>
        <translation>PIN 错误，请等待 %1 秒后再试。</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="274"/>
        <source>You can try again.</source>
        <translation>现在可以重试。</translation>
    </message>
</context>
<context>
    <name>KioskController</name>
    <message>
        <location filename="../ui/kiosk_controller.py" line="101"/>
        <source>Health</source>
        <translation>运行状况</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_controller.py" line="182"/>
        <source>This kiosk shows what a camera sees and names the objects in it: people, vehicles, animals and everyday things.

It starts by itself as soon as its camera is connected.</source>
        <translation>此自助终端显示摄像头所见的画面，并标出其中的物体：人、车辆、动物和日常用品。

摄像头一接上，它就会自动开始。</translation>
    </message>
</context>
<context>
    <name>KioskHealthStrip</name>
    <message>
        <location filename="../ui/kiosk_health_strip.py" line="87"/>
        <source>⚠ Site server not answering: local models in use</source>
        <translation>⚠ 站点服务器无响应：正在使用本地模型</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_health_strip.py" line="93"/>
        <source>Site server: in use</source>
        <translation>站点服务器：使用中</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_health_strip.py" line="111"/>
        <source>opening</source>
        <translation>正在打开</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_health_strip.py" line="112"/>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_health_strip.py" line="113"/>
        <source>reconnecting</source>
        <translation>正在重新连接</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_health_strip.py" line="116"/>
        <source>%1 %2: %3, %4 fps, %5 dropped</source>
        <translation>%1 %2：%3，%4 帧/秒，丢弃 %5 帧</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_health_strip.py" line="124"/>
        <source>Cameras: %1</source>
        <translation>摄像头：%1</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_health_strip.py" line="131"/>
        <source>Runtime: %1</source>
        <translation>运行时：%1</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_health_strip.py" line="134"/>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_health_strip.py" line="137"/>
        <source>Runtime: idle</source>
        <translation>运行时：空闲</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_health_strip.py" line="138"/>
        <source>Model: none loaded</source>
        <translation>模型：未加载</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_health_strip.py" line="145"/>
        <source>Camera: on (%1)</source>
        <translation>摄像头：开启（%1）</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_health_strip.py" line="150"/>
        <source>Camera: off</source>
        <translation>摄像头：关闭</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_health_strip.py" line="152"/>
        <source>%1 fps</source>
        <translation>%1 帧/秒</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_health_strip.py" line="152"/>
        <source>– fps</source>
        <translation>– 帧/秒</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_health_strip.py" line="157"/>
        <source>Memory: %1 of %2 GB (app %3 MB)</source>
        <translation>内存：%1 / %2 GB（本程序 %3 MB）</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_health_strip.py" line="167"/>
        <source>Temperature: not exposed by this board</source>
        <translation>温度：此主板不提供</translation>
    </message>
</context>
<context>
    <name>LatencyBars</name>
    <message>
        <location filename="../ui/widgets/optimize_plots.py" line="268"/>
        <source>No candidate was measured.</source>
        <translation>没有测量任何候选模型。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/optimize_plots.py" line="274"/>
        <location filename="../ui/widgets/optimize_plots.py" line="313"/>
        <source>{0} ms</source>
        <translation>{0} 毫秒</translation>
    </message>
    <message>
        <location filename="../ui/widgets/optimize_plots.py" line="282"/>
        <source>latency p50 (bar) and p95 (line), ms</source>
        <translation>延迟 p50（柱）与 p95（线），毫秒</translation>
    </message>
</context>
<context>
    <name>LatencySizePlot</name>
    <message>
        <location filename="../ui/widgets/optimize_plots.py" line="359"/>
        <source>No form was measured yet.</source>
        <translation>尚未测量任何形式。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/optimize_plots.py" line="385"/>
        <source>latency p50, ms, against input size</source>
        <translation>延迟 p50（毫秒）与输入尺寸的关系</translation>
    </message>
</context>
<context>
    <name>LivePanel</name>
    <message>
        <location filename="../ui/voice_live_panel.py" line="59"/>
        <source>Microphone</source>
        <translation>麦克风</translation>
    </message>
    <message>
        <location filename="../ui/voice_live_panel.py" line="64"/>
        <source>No microphone</source>
        <translation>没有麦克风</translation>
    </message>
    <message>
        <location filename="../ui/voice_live_panel.py" line="65"/>
        <location filename="../ui/voice_live_panel.py" line="136"/>
        <source>Start listening</source>
        <translation>开始收听</translation>
    </message>
    <message>
        <location filename="../ui/voice_live_panel.py" line="76"/>
        <source>Level</source>
        <translation>音量</translation>
    </message>
    <message>
        <location filename="../ui/voice_live_panel.py" line="115"/>
        <source> (default)</source>
        <translation>（默认）</translation>
    </message>
    <message>
        <location filename="../ui/voice_live_panel.py" line="123"/>
        <source>No microphone found. File transcription works without one.</source>
        <translation>未找到麦克风。文件转写无需麦克风也可使用。</translation>
    </message>
    <message>
        <location filename="../ui/voice_live_panel.py" line="136"/>
        <source>Stop listening</source>
        <translation>停止收听</translation>
    </message>
    <message>
        <location filename="../ui/voice_live_panel.py" line="165"/>
        <source>Listening…</source>
        <translation>正在收听…</translation>
    </message>
    <message>
        <location filename="../ui/voice_live_panel.py" line="180"/>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <location filename="../ui/voice_live_panel.py" line="213"/>
        <source>No Whisper model is installed. Run scripts/install.sh.</source>
        <translation>未安装 Whisper 模型。请运行 scripts/install.sh。</translation>
    </message>
    <message>
        <location filename="../ui/voice_live_panel.py" line="229"/>
        <source>{0} ready ({1}, {2:.1f} s to load)</source>
        <translation>{0} 已就绪（{1}，加载用时 {2:.1f} 秒）</translation>
    </message>
    <message>
        <location filename="../ui/voice_live_panel.py" line="269"/>
        <source>Speak: the text appears here.</source>
        <translation>请说话：文字会显示在这里。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/main_window.py" line="70"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="72"/>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="73"/>
        <source>Language, theme and the site server</source>
        <translation>语言、主题和站点服务器</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="77"/>
        <source>Optimize…</source>
        <translation>优化…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="79"/>
        <source>Make a model faster on this device, check its accuracy and deploy it</source>
        <translation>让模型在本设备上运行得更快，检查其精度并部署</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="187"/>
        <source>the original model</source>
        <translation>原始模型</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="188"/>
        <source>Now in use: {0}</source>
        <translation>当前使用：{0}</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="205"/>
        <location filename="../ui/main_window.py" line="215"/>
        <source>A model</source>
        <translation>一个模型</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="208"/>
        <source>{0}: the site server answers again; back on it.</source>
        <translation>{0}：站点服务器已恢复响应，已切回服务器。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="211"/>
        <source>{0}: the site server stopped answering; using the local model.</source>
        <translation>{0}：站点服务器停止响应，正在使用本地模型。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="216"/>
        <source>On local models: {0}</source>
        <translation>使用本地模型：{0}</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../ui/i18n.py" line="142"/>
        <source>{runtime} does not serve this task</source>
        <translation>{runtime} 不支持此任务</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="143"/>
        <source>{runtime} does not serve this task ({task}).</source>
        <translation>{runtime} 不支持此任务（{task}）。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="144"/>
        <source>{runtime} cannot read {format} models.</source>
        <translation>{runtime} 无法读取 {format} 模型。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="145"/>
        <source>Runtimes that do: {runtimes}.</source>
        <translation>支持此任务的运行时：{runtimes}。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="146"/>
        <source>Runtimes that can: {runtimes}.</source>
        <translation>可读取的运行时：{runtimes}。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="147"/>
        <source>none installed</source>
        <translation>未安装任何运行时</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="148"/>
        <source>{reason} ({hint})</source>
        <translation>{reason}（{hint}）</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="149"/>
        <source>{package} is not installed ({error})</source>
        <translation>未安装 {package}（{error}）</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="150"/>
        <source>Nothing here runs {task} models ({why}).</source>
        <translation>本设备上没有可运行{task}模型的运行时（{why}）。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="151"/>
        <source>Nothing here runs {task} models: no runtime serves it.</source>
        <translation>本设备上没有可运行{task}模型的运行时：没有运行时支持该任务。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="152"/>
        <source>dlib&apos;s ResNet on the CPU ({cores} cores).</source>
        <translation>dlib 的 ResNet 在 CPU 上运行（{cores} 核）。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="154"/>
        <source>OpenCV DNN on {cores} CPU cores.</source>
        <translation>OpenCV DNN，使用 {cores} 个 CPU 核心。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="155"/>
        <source>GPU (OpenCL)</source>
        <translation>GPU（OpenCL）</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="156"/>
        <source>no OpenCL device found</source>
        <translation>未找到 OpenCL 设备</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="157"/>
        <source>OpenCV DNN could not run the model: {error}</source>
        <translation>OpenCV DNN 无法运行该模型：{error}</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="158"/>
        <source>OpenCV DNN has no device called &apos;{device}&apos;.</source>
        <translation>OpenCV DNN 没有名为“{device}”的设备。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="159"/>
        <source>Use cpu or opencl.</source>
        <translation>请使用 cpu 或 opencl。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="160"/>
        <source>OpenCV could not load {name}: {error}</source>
        <translation>OpenCV 无法加载 {name}：{error}</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="161"/>
        <source>All layers on {gpu}; the CPU stays free.</source>
        <translation>所有层都在 {gpu} 上运行；CPU 保持空闲。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="162"/>
        <source>{threads} threads (one per core); {free_gb:.1f} GB free holds models up to about {max_gb:.1f} GB.</source>
        <translation>{threads} 个线程（每核一个）；可用内存 {free_gb:.1f} GB，可容纳约 {max_gb:.1f} GB 以内的模型。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="166"/>
        <source>CPU</source>
        <translation>处理器</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="167"/>
        <source>GPU offload (CUDA/Metal/Vulkan)</source>
        <translation>GPU 卸载（CUDA/Metal/Vulkan）</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="168"/>
        <source>this llama-cpp-python build has no GPU support</source>
        <translation>此 llama-cpp-python 版本不支持 GPU</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="169"/>
        <source>{gpu} runs ncnn models through Vulkan.</source>
        <translation>{gpu} 通过 Vulkan 运行 ncnn 模型。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="170"/>
        <source>ncnn&apos;s ARM NEON kernels suit this CPU well.</source>
        <translation>ncnn 的 ARM NEON 内核非常适合此 CPU。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="171"/>
        <source>ncnn runs on this CPU (its kernels are tuned for ARM).</source>
        <translation>ncnn 可在此 CPU 上运行（其内核针对 ARM 优化）。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="172"/>
        <source>CPU ({threads} threads)</source>
        <translation>CPU（{threads} 个线程）</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="173"/>
        <source>Vulkan GPU: {gpu}</source>
        <translation>Vulkan GPU：{gpu}</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="174"/>
        <source>Vulkan GPU</source>
        <translation>Vulkan GPU</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="175"/>
        <source>the Vulkan driver reports no GPU</source>
        <translation>Vulkan 驱动未报告任何 GPU</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="176"/>
        <source>no Vulkan GPU driver is installed (no ICD manifest in /usr/share/vulkan/icd.d)</source>
        <translation>未安装 Vulkan GPU 驱动（/usr/share/vulkan/icd.d 中没有 ICD 清单）</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="179"/>
        <source>ncnn&apos;s Vulkan path needs MoltenVK, which this build does not use</source>
        <translation>ncnn 的 Vulkan 路径需要 MoltenVK，而此版本未使用它</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="180"/>
        <source>{gpu}: TensorRT gives the lowest latency on NVIDIA GPUs.</source>
        <translation>{gpu}：TensorRT 在 NVIDIA GPU 上延迟最低。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="181"/>
        <source>{gpu} is used through CUDA.</source>
        <translation>通过 CUDA 使用 {gpu}。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="182"/>
        <source>ONNX Runtime on the CPU: no GPU or NPU runtime is available.</source>
        <translation>ONNX Runtime 在 CPU 上运行：没有可用的 GPU 或 NPU 运行时。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="183"/>
        <source>ONNX Runtime on the CPU: no GPU provider is installed.</source>
        <translation>ONNX Runtime 在 CPU 上运行：未安装 GPU 执行提供程序。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="184"/>
        <source>no execution provider of this build is usable here</source>
        <translation>此版本的执行提供程序在本设备上均不可用</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="185"/>
        <source>NVIDIA GPU (CUDA)</source>
        <translation>NVIDIA GPU（CUDA）</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="186"/>
        <source>NVIDIA GPU (TensorRT)</source>
        <translation>NVIDIA GPU（TensorRT）</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="187"/>
        <source>Intel CPU/GPU/NPU (OpenVINO provider)</source>
        <translation>Intel CPU/GPU/NPU（OpenVINO 执行提供程序）</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="188"/>
        <source>not in this onnxruntime build (pip install onnxruntime-gpu)</source>
        <translation>此 onnxruntime 版本不包含（pip install onnxruntime-gpu）</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="189"/>
        <source>not in this onnxruntime build (onnxruntime-gpu + TensorRT)</source>
        <translation>此 onnxruntime 版本不包含（需要 onnxruntime-gpu + TensorRT）</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="190"/>
        <source>not in this onnxruntime build (pip install onnxruntime-openvino)</source>
        <translation>此 onnxruntime 版本不包含（pip install onnxruntime-openvino）</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="191"/>
        <source>The {device} runs vision models with little CPU load.</source>
        <translation>{device} 运行视觉模型，CPU 负载很低。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="192"/>
        <source>OpenVINO&apos;s CPU kernels are the fastest on x86 CPUs ({features}).</source>
        <translation>OpenVINO 的 CPU 内核在 x86 CPU 上最快（{features}）。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="193"/>
        <source>OpenVINO&apos;s CPU kernels are the fastest on x86 CPUs.</source>
        <translation>OpenVINO 的 CPU 内核在 x86 CPU 上最快。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="194"/>
        <source>OpenVINO runs on this CPU, but it is tuned for x86.</source>
        <translation>OpenVINO 可在此 CPU 上运行，但它针对 x86 优化。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="195"/>
        <source>no OpenVINO device is usable here</source>
        <translation>本设备上没有可用的 OpenVINO 设备</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="196"/>
        <source>no OpenVINO CPU plugin (x86-64 or ARM64 CPU required)</source>
        <translation>没有 OpenVINO CPU 插件（需要 x86-64 或 ARM64 CPU）</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="197"/>
        <source>Intel GPU</source>
        <translation>Intel GPU</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="198"/>
        <source>Intel NPU</source>
        <translation>Intel NPU</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="199"/>
        <source>no Intel GPU found (or its compute driver is missing)</source>
        <translation>未找到 Intel GPU（或缺少其计算驱动）</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="200"/>
        <source>no Intel NPU found (Core Ultra NPU and driver needed)</source>
        <translation>未找到 Intel NPU（需要 Core Ultra NPU 及其驱动）</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="201"/>
        <source>AUTO (OpenVINO picks the best device)</source>
        <translation>AUTO（由 OpenVINO 选择最佳设备）</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="202"/>
        <source>no device</source>
        <translation>无设备</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="203"/>
        <source>{gpu}: a TensorRT engine built for this GPU.</source>
        <translation>{gpu}：为此 GPU 构建的 TensorRT 引擎。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="204"/>
        <source>no usable NVIDIA GPU ({error})</source>
        <translation>没有可用的 NVIDIA GPU（{error}）</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="205"/>
        <source>TensorRT is not installed (it needs an NVIDIA GPU and NVIDIA&apos;s libraries).</source>
        <translation>未安装 TensorRT（需要 NVIDIA GPU 和 NVIDIA 的库）。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="208"/>
        <source>On a machine with an NVIDIA GPU and driver: pip install &apos;edgestudio[tensorrt]&apos; (TensorRT and cuda-python from NVIDIA); Jetson devices have TensorRT in JetPack.</source>
        <translation>在有 NVIDIA GPU 和驱动的机器上：pip install &apos;edgestudio[tensorrt]&apos;（TensorRT 和 NVIDIA 的 cuda-python）；Jetson 设备的 JetPack 中已包含 TensorRT。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="213"/>
        <source>CPU with XNNPACK ({threads} threads)</source>
        <translation>CPU + XNNPACK（{threads} 个线程）</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="214"/>
        <source>TensorFlow Lite&apos;s XNNPACK kernels suit this ARM CPU.</source>
        <translation>TensorFlow Lite 的 XNNPACK 内核适合此 ARM CPU。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="215"/>
        <source>TensorFlow Lite runs on this CPU with XNNPACK.</source>
        <translation>TensorFlow Lite 借助 XNNPACK 在此 CPU 上运行。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="216"/>
        <source>float16 on {gpu}.</source>
        <translation>在 {gpu} 上使用 float16。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="217"/>
        <source>int8 on {cores} cores with VNNI int8 instructions; tiny.en for live speech.</source>
        <translation>在 {cores} 个核心上使用 int8（支持 VNNI int8 指令）；实时语音使用 tiny.en。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="220"/>
        <source>int8 on {cores} cores; tiny.en for live speech.</source>
        <translation>在 {cores} 个核心上使用 int8；实时语音使用 tiny.en。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="221"/>
        <source>no CUDA device found</source>
        <translation>未找到 CUDA 设备</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="222"/>
        <source>Chat server (OpenAI-compatible)</source>
        <translation>对话服务器（兼容 OpenAI）</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="223"/>
        <source>Remote server</source>
        <translation>远程服务器</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="20"/>
        <source>Site server</source>
        <translation>站点服务器</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="21"/>
        <source>{device} on the site server</source>
        <translation>站点服务器上的{device}</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="22"/>
        <source>no site server configured</source>
        <translation>未设置站点服务器</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="23"/>
        <source>The address {url} answers with {answer}, not as an inference server.</source>
        <translation>地址 {url} 以{answer}应答，不是推理服务器。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="24"/>
        <source>Check the port: Triton&apos;s HTTP port is 8000 (gRPC 8001); a web server or router page may be on this one.</source>
        <translation>请检查端口：Triton 的 HTTP 端口是 8000（gRPC 是 8001）；此端口上可能是网页服务器或路由器页面。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="29"/>
        <source>something else</source>
        <translation>其他内容</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="30"/>
        <source>The site server at {url} is not running yet.</source>
        <translation>站点服务器 {url} 尚未运行。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="31"/>
        <source>The site server at {url} does not have the model &apos;{model}&apos; (it serves: {served}).</source>
        <translation>站点服务器 {url} 上没有模型“{model}”（它提供：{served}）。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="34"/>
        <source>Serve it there (edgestudio serve --detect MODEL), or choose a model it has.</source>
        <translation>请在服务器上提供该模型（edgestudio serve --detect MODEL），或选择服务器已有的模型。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="37"/>
        <source>The site server&apos;s model &apos;{model}&apos; is not ready.</source>
        <translation>站点服务器上的模型“{model}”尚未就绪。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="38"/>
        <source>Serve it there (edgestudio serve), or choose a model it has.</source>
        <translation>请在服务器上提供该模型（edgestudio serve），或选择服务器已有的模型。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="39"/>
        <source>The site server&apos;s model &apos;{model}&apos; is not this kiosk&apos;s model (sha256 {there}… there, {here}… here).</source>
        <translation>站点服务器上的模型“{model}”与本终端的模型不同（服务器上 sha256 {there}…，本机 {here}…）。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="43"/>
        <source>Deploy the same model on the server and the kiosk.</source>
        <translation>请在服务器和终端上部署相同的模型。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="44"/>
        <source>The site server at {url} has no copy of this kiosk&apos;s model (sha256 {here}…) in the {form} form; it serves: {listing}.</source>
        <translation>站点服务器 {url} 上没有本终端模型（sha256 {here}…）的 {form} 形式副本；它提供：{listing}。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="49"/>
        <source>Serve the kiosk&apos;s model there (edgestudio serve --detect MODEL).</source>
        <translation>请在服务器上提供本终端的模型（edgestudio serve --detect MODEL）。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="50"/>
        <source>no models</source>
        <translation>没有模型</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="53"/>
        <source>{reason}: {detail}</source>
        <translation>{reason}：{detail}</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="54"/>
        <source>server unreachable</source>
        <translation>无法连接服务器</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="55"/>
        <source>server too slow (no answer within the frame timeout)</source>
        <translation>服务器太慢（在每帧超时内没有应答）</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="56"/>
        <source>server too slow (no answer in time)</source>
        <translation>服务器太慢（未及时应答）</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="57"/>
        <source>the server refused the access token</source>
        <translation>服务器拒绝了访问令牌</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="58"/>
        <source>the server does not have this model</source>
        <translation>服务器没有此模型</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="59"/>
        <source>the server&apos;s model differs from this kiosk&apos;s</source>
        <translation>服务器上的模型与本终端的模型不同</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="60"/>
        <source>the address is not an inference server</source>
        <translation>该地址不是推理服务器</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="61"/>
        <source>the server address is not valid</source>
        <translation>服务器地址无效</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="62"/>
        <source>server failed</source>
        <translation>服务器出错</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="63"/>
        <source> ({what})</source>
        <translation>（{what}）</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="64"/>
        <source>The site server at {url} asks for an access token{where}.</source>
        <translation>站点服务器 {url} 需要访问令牌{where}。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="65"/>
        <source>The site server at {url} refused the access token{where}.</source>
        <translation>站点服务器 {url} 拒绝了访问令牌{where}。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="66"/>
        <source>The site server at {url} does not have {what}.</source>
        <translation>站点服务器 {url} 上没有{what}。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="67"/>
        <source>this model</source>
        <translation>此模型</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="68"/>
        <source>The site server at {url} did not answer in time{where}.</source>
        <translation>站点服务器 {url} 未及时应答{where}。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="69"/>
        <source>Something answers at {url}, but not an inference server&apos;s gRPC service.</source>
        <translation>{url} 有应答，但不是推理服务器的 gRPC 服务。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="70"/>
        <source>Something answers at {url}, but not as an inference server (it is not Triton&apos;s API).</source>
        <translation>{url} 有应答，但不是推理服务器（不是 Triton 的 API）。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="73"/>
        <source>The site server at {url} cannot be reached ({detail}).</source>
        <translation>无法连接站点服务器 {url}（{detail}）。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="74"/>
        <source>The site server at {url} failed{where}: {detail}</source>
        <translation>站点服务器 {url} 出错{where}：{detail}</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="75"/>
        <source>the model &apos;{name}&apos;</source>
        <translation>模型“{name}”</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="76"/>
        <source>the configuration of &apos;{name}&apos;</source>
        <translation>“{name}”的配置</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="77"/>
        <source>its health</source>
        <translation>其健康状态</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="78"/>
        <source>its metadata</source>
        <translation>其元数据</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="79"/>
        <source>its model list</source>
        <translation>其模型列表</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="80"/>
        <source>Enter the server&apos;s token in Settings (or pass --token-file).</source>
        <translation>请在设置中输入服务器的令牌（或使用 --token-file）。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="81"/>
        <source>Check the token in Settings (the server&apos;s --token-file).</source>
        <translation>请检查设置中的令牌（服务器的 --token-file）。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="82"/>
        <source>Check the port: Triton&apos;s gRPC port is 8001, its HTTP port 8000.</source>
        <translation>请检查端口：Triton 的 gRPC 端口是 8001，HTTP 端口是 8000。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="83"/>
        <source>Check the address and port: Triton&apos;s HTTP port is 8000, its gRPC port 8001.</source>
        <translation>请检查地址和端口：Triton 的 HTTP 端口是 8000，gRPC 端口是 8001。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="86"/>
        <source>Check the address, that the server runs, and the network.</source>
        <translation>请检查地址、服务器是否在运行以及网络。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="87"/>
        <source>runs on {server}: works, but needs the network</source>
        <translation>在 {server} 上运行：可用，但需要网络</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="88"/>
        <source>No runtime on this device runs {model}, so the site server&apos;s JPEG form would have no fallback here.</source>
        <translation>本设备上没有能运行 {model} 的运行时，因此站点服务器的 JPEG 方式在这里没有本地后备。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="92"/>
        <source>Install ONNX Runtime or OpenVINO (edgestudio doctor lists the runtimes).</source>
        <translation>请安装 ONNX Runtime 或 OpenVINO（edgestudio doctor 会列出各运行时）。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="93"/>
        <source>the site server at {url} serves no model for this task</source>
        <translation>{url} 的站点服务器没有为此任务提供模型</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="94"/>
        <source>the site server does not answer</source>
        <translation>站点服务器没有响应</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="95"/>
        <source>set one in Settings &gt; Site server, or pass --server URL</source>
        <translation>在“设置 &gt; 站点服务器”中设置，或使用 --server URL</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="97"/>
        <source>The token file {path} does not exist.</source>
        <translation>令牌文件 {path} 不存在。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="98"/>
        <source>The token file {path} cannot be read: {reason}.</source>
        <translation>无法读取令牌文件 {path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="99"/>
        <source>The token file {path} is not a regular file.</source>
        <translation>令牌文件 {path} 不是普通文件。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="100"/>
        <source>The token file {path} is open to other users (permissions {mode}), so it is refused, as ssh refuses such a private key. Make it private: chmod 600 {path}</source>
        <translation>令牌文件 {path} 对其他用户开放（权限 {mode}），因此被拒绝，就像 ssh 拒绝这样的私钥一样。请将其设为仅所有者可读：chmod 600 {path}</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="105"/>
        <source>The token file {path} is empty.</source>
        <translation>令牌文件 {path} 为空。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="106"/>
        <source>Write the access token in it as one line, then: chmod 600 {path}</source>
        <translation>将访问令牌作为一行写入其中，然后执行：chmod 600 {path}</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="107"/>
        <source>Save the token again in Settings, or name the right file.</source>
        <translation>请在“设置”中重新保存令牌，或指定正确的文件。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="109"/>
        <source>The chat server at {url} closed the answer before its end (no finish_reason and no [DONE]).</source>
        <translation>{url} 的聊天服务器在回答结束前关闭了回答（没有 finish_reason，也没有 [DONE]）。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="113"/>
        <source>The chat server at {url} sent a broken event: {data}</source>
        <translation>{url} 的聊天服务器发送了损坏的事件：{data}</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="114"/>
        <source>The chat server at {url} sent an event that is not an object.</source>
        <translation>{url} 的聊天服务器发送的事件不是对象。</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="115"/>
        <source>httpx is not installed</source>
        <translation>未安装 httpx</translation>
    </message>
    <message>
        <location filename="../ui/site_texts.py" line="116"/>
        <source>No local chat runtime is better: use a chat server on another machine.</source>
        <translation>没有更好的本地对话运行时：请使用另一台机器上的对话服务器。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="226"/>
        <source>{gpu}: float16 on the GPU.</source>
        <translation>{gpu}：在 GPU 上使用 float16。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="227"/>
        <source>CPU, {threads} threads, int8 is about 2x faster than float32 on CPUs at the same accuracy (this CPU has VNNI/AVX-512 int8 instructions).</source>
        <translation>CPU，{threads} 个线程；在 CPU 上 int8 比 float32 快约 2 倍，精度相同（此 CPU 支持 VNNI/AVX-512 int8 指令）。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="232"/>
        <source>CPU, {threads} threads, int8 is about 2x faster than float32 on CPUs at the same accuracy.</source>
        <translation>CPU，{threads} 个线程；在 CPU 上 int8 比 float32 快约 2 倍，精度相同。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="236"/>
        <source>CPU, int8 (device check still running).</source>
        <translation>CPU，int8（设备检查仍在进行）。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="240"/>
        <source>{count} faces in the photo: only the person enrolling may be in the picture.</source>
        <translation>照片中有 {count} 张人脸：画面中只能有正在登记的人。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="243"/>
        <source>{count} faces in view: only the person enrolling may be in the picture.</source>
        <translation>画面中有 {count} 张人脸：画面中只能有正在登记的人。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="244"/>
        <source>Come closer: the face is {size:.0f} px high, {needed:.0f} needed.</source>
        <translation>请靠近一些：人脸高 {size:.0f} 像素，需要 {needed:.0f} 像素。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="245"/>
        <source>The new face does not look like the {name} already enrolled: it is {distance:.2f} away from their templates, and the same person is usually closer than {threshold:.2f}.</source>
        <translation>新的人脸与已登记的 {name} 不像：与其特征模板的距离为 {distance:.2f}，而同一个人通常小于 {threshold:.2f}。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="250"/>
        <source>Too large: needs about {need_mb:,.0f} MB, this device has {free_mb:,.0f} MB free.</source>
        <translation>太大：约需 {need_mb:,.0f} MB，本设备可用 {free_mb:,.0f} MB。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="253"/>
        <source>Tight: needs about {need_mb:,.0f} MB of {free_mb:,.0f} MB free; other models may have to be closed.</source>
        <translation>紧张：约需 {need_mb:,.0f} MB，可用 {free_mb:,.0f} MB；可能需要关闭其他模型。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="257"/>
        <source>Fits: needs about {need_mb:,.0f} MB, {free_mb:,.0f} MB free.</source>
        <translation>可以运行：约需 {need_mb:,.0f} MB，可用 {free_mb:,.0f} MB。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="261"/>
        <source>The model file {path} does not exist.</source>
        <translation>模型文件 {path} 不存在。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="262"/>
        <source>The model file {name} cannot be read: {error}.</source>
        <translation>无法读取模型文件 {name}：{error}。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="263"/>
        <source>The model file {name} is empty.</source>
        <translation>模型文件 {name} 是空的。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="264"/>
        <source>{name} needs {files} beside it, and it is not there.</source>
        <translation>{name} 需要同目录下的 {files}，但找不到。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="265"/>
        <source>Copy the model&apos;s files into one folder, or add the model to the store again.</source>
        <translation>请将模型的文件复制到同一个文件夹，或重新将模型添加到模型库。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="268"/>
        <source>{path} is not a folder.</source>
        <translation>{path} 不是文件夹。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="269"/>
        <source>Choose the folder of a CTranslate2 Whisper model.</source>
        <translation>请选择 CTranslate2 Whisper 模型的文件夹。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="270"/>
        <source>{name} is not a complete Whisper model: {files} missing.</source>
        <translation>{name} 不是完整的 Whisper 模型：缺少 {files}。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="271"/>
        <source>A faster-whisper model folder holds model.bin, config.json and tokenizer.json.</source>
        <translation>faster-whisper 模型文件夹包含 model.bin、config.json 和 tokenizer.json。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="274"/>
        <source>{name} looks like a {kind} file but is damaged: its audio data cannot be decoded.</source>
        <translation>{name} 看起来是 {kind} 文件，但已损坏：其音频数据无法解码。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="277"/>
        <source>Export or copy the recording again, or choose another file.</source>
        <translation>请重新导出或复制录音，或选择其他文件。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="278"/>
        <source>{name} is not an audio or video file EdgeStudio can read.</source>
        <translation>{name} 不是 EdgeStudio 可读取的音频或视频文件。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="279"/>
        <source>Use a common audio or video file: WAV, MP3, FLAC, OGG, M4A, MP4, MKV, WEBM...</source>
        <translation>请使用常见的音频或视频文件：WAV、MP3、FLAC、OGG、M4A、MP4、MKV、WEBM…</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="17"/>
        <source>The documents do not say.</source>
        <translation>文档中没有提到。</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="18"/>
        <source>This document cannot be indexed</source>
        <translation>无法索引此文档</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="19"/>
        <source>{name} is written mostly in a script the embedding model does not know ({script}): it is found by its words only, not by meaning.</source>
        <translation>{name} 主要使用嵌入模型不认识的文字（{script}）书写：只能按字词查找，无法按语义查找。</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="24"/>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="25"/>
        <source>Saving {name}…</source>
        <translation>正在保存 {name}…</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="26"/>
        <source>Indexing {name}: passage {done} of {total}…</source>
        <translation>正在索引 {name}：第 {done} 段，共 {total} 段…</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="27"/>
        <source>{count} document(s) indexed.</source>
        <translation>已索引 {count} 个文档。</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="28"/>
        <source>Several documents are called {name}.</source>
        <translation>有多个文档名为 {name}。</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="29"/>
        <source>Give its full path or its id instead.</source>
        <translation>请改用完整路径或编号。</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="30"/>
        <source>{name} is not in the documents.</source>
        <translation>{name} 不在文档中。</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="31"/>
        <location filename="../ui/faces_move_texts.py" line="32"/>
        <source>{path} does not exist.</source>
        <translation>{path} 不存在。</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="32"/>
        <source>Check the path.</source>
        <translation>请检查路径。</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="33"/>
        <source>{message} {name} was not indexed; the documents indexed before it are kept.</source>
        <translation>{message}{name} 未能索引；之前已索引的文档仍然保留。</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="36"/>
        <source>Indexing was cancelled; the documents indexed before are kept.</source>
        <translation>索引已取消；之前已索引的文档仍然保留。</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="37"/>
        <location filename="../ui/i18n.py" line="282"/>
        <source>{name} is empty (0 bytes).</source>
        <translation>{name} 是空文件（0 字节）。</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="38"/>
        <source>Choose a file with text in it.</source>
        <translation>请选择包含文字的文件。</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="39"/>
        <source>{name} is too large to index ({mb} MB).</source>
        <translation>{name} 太大，无法索引（{mb} MB）。</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="40"/>
        <source>Split it into smaller files.</source>
        <translation>请将其拆分为较小的文件。</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="41"/>
        <source>{name} is not a document EdgeStudio can read.</source>
        <translation>{name} 不是 EdgeStudio 能读取的文档。</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="42"/>
        <source>Documents can be PDF, Markdown, HTML, plain text or DOCX.</source>
        <translation>文档可以是 PDF、Markdown、HTML、纯文本或 DOCX。</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="43"/>
        <source>{name} has no text in it.</source>
        <translation>{name} 中没有文字。</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="44"/>
        <source>{name} has no text layer: it looks scanned (pages as pictures). EdgeStudio does not read text in pictures.</source>
        <translation>{name} 没有文字层：它看起来是扫描件（页面是图片）。EdgeStudio 不识别图片中的文字。</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="49"/>
        <source>Add a version with text (the original file, or a PDF saved after OCR).</source>
        <translation>请添加带文字的版本（原始文件，或经过 OCR 后保存的 PDF）。</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="50"/>
        <source>Pages without text (scanned?) were skipped: {pages}.</source>
        <translation>已跳过没有文字的页面（扫描页？）：{pages}。</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="51"/>
        <source>{name} does not exist.</source>
        <translation>{name} 不存在。</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="52"/>
        <source>{name} cannot be read: {reason}.</source>
        <translation>无法读取 {name}：{reason}。</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="53"/>
        <source>{name} is protected by a password, so its text cannot be read.</source>
        <translation>{name} 受密码保护，无法读取其中的文字。</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="54"/>
        <source>Save an unprotected copy (print it to PDF) and add that.</source>
        <translation>请另存一份不受保护的副本（打印为 PDF）后再添加。</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="55"/>
        <source>{name} is a damaged PDF: {reason}.</source>
        <translation>{name} 是损坏的 PDF：{reason}。</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="56"/>
        <source>{name} is a damaged Word document: {reason}.</source>
        <translation>{name} 是损坏的 Word 文档：{reason}。</translation>
    </message>
    <message>
        <location filename="../ui/docs_texts.py" line="57"/>
        <source>The document embedding model is not installed.</source>
        <translation>未安装文档嵌入模型。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="283"/>
        <source>Choose a recording with sound in it.</source>
        <translation>请选择有声音的录音。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="284"/>
        <source>{name} has no audio track.</source>
        <translation>{name} 没有音轨。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="285"/>
        <source>Choose a recording or a video with sound.</source>
        <translation>请选择有声音的录音或视频。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="286"/>
        <source>camera {number}</source>
        <translation>摄像头 {number}</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="287"/>
        <source>Camera {number} could not be opened.</source>
        <translation>无法打开摄像头 {number}。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="288"/>
        <source>Check that a camera is connected, not used by another program, and that this user may access it.</source>
        <translation>请检查摄像头已连接、未被其他程序占用，且当前用户有权访问。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="292"/>
        <source>The stream {url} could not be opened.</source>
        <translation>无法打开视频流 {url}。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="293"/>
        <source>&apos;{tensor}&apos; has a fixed first axis of {size}, so Triton cannot batch this model: export it with a dynamic batch axis to use the dynamic batcher.</source>
        <translation>“{tensor}”的第一个维度固定为 {size}，Triton 无法对该模型分批：请导出带动态批次维度的模型，才能使用动态批处理。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="298"/>
        <source>{model} is a {format} model; Triton&apos;s standard backends serve {served}.</source>
        <translation>{model} 是 {format} 模型；Triton 的标准后端支持 {served}。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="299"/>
        <source>Convert it first (edgestudio models convert) or export the ONNX it came from.</source>
        <translation>请先转换它（edgestudio models convert），或导出它的原始 ONNX 模型。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="302"/>
        <source>{path} already exists; nothing was changed.</source>
        <translation>{path} 已存在；未做任何更改。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="303"/>
        <source>Remove that model folder first, or export into another repository folder.</source>
        <translation>请先删除该模型文件夹，或导出到另一个仓库文件夹。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="306"/>
        <source>The repository could not be written to {folder}: {reason}.</source>
        <translation>无法将模型仓库写入 {folder}：{reason}。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="307"/>
        <source>Triton&apos;s model configuration library is not installed.</source>
        <translation>未安装 Triton 的模型配置库。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="308"/>
        <source>The stream {url} could not be opened: the host name {host} is not known.</source>
        <translation>无法打开视频流 {url}：未知的主机名 {host}。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="309"/>
        <source>The stream {url} could not be opened: the connection was refused (nothing listens on port {port} of {host}).</source>
        <translation>无法打开视频流 {url}：连接被拒绝（{host} 的端口 {port} 上没有服务在监听）。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="314"/>
        <source>The stream {url} could not be opened: {host} did not answer within {seconds} s.</source>
        <translation>无法打开视频流 {url}：{host} 在 {seconds} 秒内没有响应。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="317"/>
        <source>The stream {url} could not be opened: the server accepted the connection but did not answer within {seconds} s.</source>
        <translation>无法打开视频流 {url}：服务器接受了连接，但在 {seconds} 秒内没有应答。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="322"/>
        <source>The stream {url} could not be opened: {reason}.</source>
        <translation>无法打开视频流 {url}：{reason}。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="323"/>
        <source>The stream {url} could not be opened: the server does not speak {protocol}.</source>
        <translation>无法打开视频流 {url}：服务器不支持 {protocol} 协议。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="326"/>
        <source>The stream {url} could not be opened: the server answered {status} {reason}.</source>
        <translation>无法打开视频流 {url}：服务器返回 {status} {reason}。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="329"/>
        <source>The stream {url} could not be opened: the server sends {content_type}, not a video.</source>
        <translation>无法打开视频流 {url}：服务器发送的是 {content_type}，不是视频。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="332"/>
        <source>The stream {url} could not be opened: the server answered, but what it sends is not a video EdgeStudio can play.</source>
        <translation>无法打开视频流 {url}：服务器有应答，但发送的内容不是 EdgeStudio 能播放的视频。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="337"/>
        <source>Check the address, the network and any user name or password in the URL.</source>
        <translation>请检查地址、网络以及 URL 中的用户名和密码。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="338"/>
        <source>No microphone was found.</source>
        <translation>未找到麦克风。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="339"/>
        <source>Connect one; file transcription works without it.</source>
        <translation>请连接麦克风；文件转写无需麦克风。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="388"/>
        <source>This checkpoint must be trusted first</source>
        <translation>需要先信任此检查点</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="389"/>
        <source>{name} is an Ultralytics segmentation checkpoint ({model_class}), not an object detector.</source>
        <translation>{name} 是 Ultralytics 分割检查点（{model_class}），不是目标检测模型。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="393"/>
        <source>{name} is an Ultralytics pose estimation checkpoint ({model_class}), not an object detector.</source>
        <translation>{name} 是 Ultralytics 姿态估计检查点（{model_class}），不是目标检测模型。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="397"/>
        <source>{name} is an Ultralytics image classification checkpoint ({model_class}), not an object detector.</source>
        <translation>{name} 是 Ultralytics 图像分类检查点（{model_class}），不是目标检测模型。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="401"/>
        <source>{name} is an Ultralytics checkpoint of a kind EdgeStudio does not add ({model_class}).</source>
        <translation>{name} 是 EdgeStudio 不支持添加的一类 Ultralytics 检查点（{model_class}）。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="404"/>
        <source>EdgeStudio adds Ultralytics detection checkpoints (YOLOv5u, YOLOv8, YOLO11 and later detect models, trained with task=detect).</source>
        <translation>EdgeStudio 可添加 Ultralytics 检测检查点（YOLOv5u、YOLOv8、YOLO11 及更新的检测模型，以 task=detect 训练）。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="409"/>
        <source>{name} is a PyTorch checkpoint, but not an Ultralytics one: it holds no Ultralytics model (only weights or another library&apos;s objects).</source>
        <translation>{name} 是 PyTorch 检查点，但不是 Ultralytics 检查点：其中没有 Ultralytics 模型（只有权重或其他库的对象）。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="414"/>
        <source>EdgeStudio adds Ultralytics detection checkpoints (YOLOv5u, YOLOv8, YOLO11 and later detect models, trained with task=detect). Export other PyTorch models to ONNX first.</source>
        <translation>EdgeStudio 可添加 Ultralytics 检测检查点（YOLOv5u、YOLOv8、YOLO11 及更新的检测模型，以 task=detect 训练）。其他 PyTorch 模型请先导出为 ONNX。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="419"/>
        <source>{name} is an Ultralytics checkpoint, and exporting it needs the optional PyTorch tools, which are not installed (missing: {missing}).</source>
        <translation>{name} 是 Ultralytics 检查点，导出它需要可选的 PyTorch 工具，但它们尚未安装（缺少：{missing}）。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="424"/>
        <source>Install them with: {command} (PyTorch 2.13, the CPU build where one is at hand, torchvision and ONNX, then Ultralytics without its own requirements, which would add a second OpenCV; scripts/install.sh --pytorch does both). Nothing was added.</source>
        <translation>安装方法：{command}（PyTorch 2.13，有 CPU 版本时使用 CPU 版本，以及 torchvision 和 ONNX；然后安装不带其自身依赖的 Ultralytics，否则会多装一个 OpenCV；scripts/install.sh --pytorch 会完成这两步）。未添加任何内容。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="430"/>
        <source>{name} was exported and stored already as &apos;{model_id}&apos; ({model_name}).</source>
        <translation>{name} 已导出并保存为“{model_id}”（{model_name}）。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="431"/>
        <source>Nothing was added; it is in the model list.</source>
        <translation>未添加任何内容；它已在模型列表中。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="432"/>
        <source>{name} is a PyTorch checkpoint that is truncated or damaged ({reason}).</source>
        <translation>{name} 是一个已截断或损坏的 PyTorch 检查点（{reason}）。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="433"/>
        <source>The file is incomplete or damaged: copy or download it again.</source>
        <translation>文件不完整或已损坏：请重新复制或下载。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="436"/>
        <source>Something went wrong</source>
        <translation>出现问题</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="437"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="438"/>
        <source>The details are in the log file.</source>
        <translation>详细信息见日志文件。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="439"/>
        <source>The model could not be loaded</source>
        <translation>无法加载模型</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="440"/>
        <source>This file is not a model EdgeStudio can use</source>
        <translation>此文件不是 EdgeStudio 可用的模型</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="441"/>
        <source>This runtime is not available</source>
        <translation>此运行时不可用</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="442"/>
        <source>The model failed while running</source>
        <translation>模型运行时出错</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="443"/>
        <source>The model could not be converted</source>
        <translation>无法转换模型</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="444"/>
        <source>The video source could not be used</source>
        <translation>无法使用此视频源</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="445"/>
        <source>The file could not be read</source>
        <translation>无法读取文件</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="446"/>
        <source>The settings could not be read</source>
        <translation>无法读取设置</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="447"/>
        <source>Data could not be saved</source>
        <translation>无法保存数据</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="448"/>
        <source>The disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="449"/>
        <source>The data folder is read-only</source>
        <translation>数据文件夹为只读</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="450"/>
        <source>A data file is damaged</source>
        <translation>数据文件已损坏</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="451"/>
        <source>This input cannot be used</source>
        <translation>无法使用此输入</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="452"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="453"/>
        <source>The operation was cancelled.</source>
        <translation>操作已取消。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="454"/>
        <source>Wrong PIN</source>
        <translation>PIN 错误</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="455"/>
        <source>The face gallery is locked</source>
        <translation>人脸库已锁定</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="456"/>
        <source>No video source was chosen.</source>
        <translation>未选择视频源。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="457"/>
        <source>Pick a camera, a file or a stream URL.</source>
        <translation>请选择摄像头、文件或视频流网址。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="458"/>
        <source>There is no picture to save yet.</source>
        <translation>还没有可保存的画面。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="459"/>
        <source>There is no conversation to export.</source>
        <translation>没有可导出的对话。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="460"/>
        <source>No face in view: look at the camera.</source>
        <translation>画面中没有人脸：请看向摄像头。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="461"/>
        <source>The photo shows no face: choose a photo of the person&apos;s face.</source>
        <translation>照片中没有人脸：请选择此人的面部照片。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="462"/>
        <source>Hold still: the picture is blurred.</source>
        <translation>请保持不动：画面模糊。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="463"/>
        <source>Look straight at the camera: the face is turned too far.</source>
        <translation>请正视摄像头：脸部偏转过大。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="464"/>
        <source>Same as an earlier capture: turn your head a little.</source>
        <translation>与之前的采集相同：请稍微转动头部。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="465"/>
        <source>Good capture.</source>
        <translation>采集合格。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="467"/>
        <source>Object detection</source>
        <translation>目标检测</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="468"/>
        <source>Face detection</source>
        <translation>人脸检测</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="469"/>
        <source>Face recognition (embedding)</source>
        <translation>人脸识别（特征提取）</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="470"/>
        <source>Speech</source>
        <translation>语音识别</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="471"/>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="472"/>
        <source>I agree that this kiosk stores a mathematical template of my face, encrypted, to recognise me. I can ask for my record and for its deletion at any time.</source>
        <translation>我同意本终端以加密方式保存我的人脸数学模板，用于识别我。我可以随时要求查看并删除我的记录。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="478"/>
        <source>object detection</source>
        <translation>目标检测</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="479"/>
        <source>face detection</source>
        <translation>人脸检测</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="480"/>
        <source>face recognition (embedding)</source>
        <translation>人脸识别（特征提取）</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="481"/>
        <source>speech</source>
        <translation>语音识别</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="482"/>
        <source>chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="484"/>
        <source>Whisper tiny.en (default)</source>
        <translation>Whisper tiny.en（默认）</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="485"/>
        <source>Whisper base (multilingual)</source>
        <translation>Whisper base（多语言）</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="487"/>
        <source>SmolLM2 135M Instruct (default)</source>
        <translation>SmolLM2 135M Instruct（默认）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="20"/>
        <source>the graph&apos;s shapes do not fit {size}x{size}: {conflict}</source>
        <translation>计算图的形状不适合 {size}x{size}：{conflict}</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="21"/>
        <source>Export the model with dynamic input axes (Ultralytics: dynamic=True) to try other sizes.</source>
        <translation>导出模型时使用动态输入维度（Ultralytics：dynamic=True）即可尝试其他尺寸。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="24"/>
        <source>ONNX Runtime FP32 at {size}x{size}, CPU</source>
        <translation>ONNX Runtime FP32，输入 {size}x{size}，CPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="25"/>
        <source>OpenVINO INT8 (NNCF with accuracy control) at {size}x{size}, CPU</source>
        <translation>OpenVINO INT8（NNCF 精度控制），输入 {size}x{size}，CPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="26"/>
        <source>OpenVINO INT8 (NNCF) at {size}x{size}, CPU</source>
        <translation>OpenVINO INT8（NNCF），输入 {size}x{size}，CPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="27"/>
        <source>OpenVINO IR FP16 weights at {size}x{size}, CPU</source>
        <translation>OpenVINO IR FP16 权重，输入 {size}x{size}，CPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="28"/>
        <source>OpenVINO IR FP32 at {size}x{size}, CPU</source>
        <translation>OpenVINO IR FP32，输入 {size}x{size}，CPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="29"/>
        <source>OpenVINO IR FP32 with f32 forced at {size}x{size}, CPU</source>
        <translation>OpenVINO IR FP32（强制 f32），输入 {size}x{size}，CPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="30"/>
        <source>{label} at {size}x{size}</source>
        <translation>{label}，输入 {size}x{size}</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="31"/>
        <source>Resizing the model to {size}x{size}</source>
        <translation>正在将模型调整为 {size}x{size}</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="32"/>
        <source>ONNX Runtime INT8, the most sensitive nodes kept in float (repair), CPU</source>
        <translation>ONNX Runtime INT8，最敏感的节点保持浮点（修复），CPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="33"/>
        <source>OpenVINO INT8 (NNCF with accuracy control: sensitive layers in float), CPU</source>
        <translation>OpenVINO INT8（NNCF 精度控制：敏感层保持浮点），CPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="36"/>
        <source>Calibrating INT8 with NNCF&apos;s accuracy control</source>
        <translation>正在用 NNCF 精度控制校准 INT8</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="37"/>
        <source>Calibrating INT8 (ONNX Runtime) to rank the nodes</source>
        <translation>正在校准 INT8（ONNX Runtime）以给节点排序</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="38"/>
        <source>Ranking the nodes by their quantization error</source>
        <translation>正在按量化误差给节点排序</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="39"/>
        <source>Calibrating INT8 without the sensitive nodes</source>
        <translation>正在校准不含敏感节点的 INT8</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="40"/>
        <source>Not needed: the form it repairs passed the gate, or was not run.</source>
        <translation>不需要：它要修复的形式已通过检查，或未运行。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="41"/>
        <source>no installed runtime reads {format} models</source>
        <translation>没有已安装的运行时能读取 {format} 模型</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="42"/>
        <source>CTranslate2 {compute}, CPU, {threads} threads</source>
        <translation>CTranslate2 {compute}，CPU，{threads} 个线程</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="43"/>
        <source>CTranslate2 {compute}, CPU, {threads} threads (reference)</source>
        <translation>CTranslate2 {compute}，CPU，{threads} 个线程（参考）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="44"/>
        <source>CTranslate2 {compute}, CPU, 1 thread</source>
        <translation>CTranslate2 {compute}，CPU，1 个线程</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="45"/>
        <source>CTranslate2 {compute}, CPU, 1 thread (reference)</source>
        <translation>CTranslate2 {compute}，CPU，1 个线程（参考）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="46"/>
        <source>The original model in float32.</source>
        <translation>float32 原始模型。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="47"/>
        <source>WER {wer:.1%} vs float32&apos;s {base:.1%} ({points:+.1f} points), within {limit:.1f} point(s)</source>
        <translation>WER {wer:.1%}，float32 为 {base:.1%}（{points:+.1f} 个百分点），在 {limit:.1f} 个百分点以内</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="51"/>
        <source>WER {wer:.1%} vs float32&apos;s {base:.1%} ({points:+.1f} points), more than {limit:.1f} point(s)</source>
        <translation>WER {wer:.1%}，float32 为 {base:.1%}（{points:+.1f} 个百分点），超出 {limit:.1f} 个百分点</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="55"/>
        <source>CTranslate2 {compute}, NVIDIA GPU</source>
        <translation>CTranslate2 {compute}，NVIDIA GPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="56"/>
        <source>WER {wer:.1%} (the reference)</source>
        <translation>WER {wer:.1%}（参考）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="57"/>
        <source>{compute} runs only on CUDA, and CTranslate2 found no NVIDIA GPU here</source>
        <translation>{compute} 只能在 CUDA 上运行，而 CTranslate2 在此未找到 NVIDIA GPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="58"/>
        <source>this CTranslate2 build has no {compute} kernels for this CPU</source>
        <translation>此 CTranslate2 版本没有适用于此 CPU 的 {compute} 内核</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="59"/>
        <source>The original model.</source>
        <translation>原始模型。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="60"/>
        <source>perplexity {ppl:.3f} vs the source&apos;s {source:.3f} ({increase:+.1%}), within {limit:.0%}</source>
        <translation>困惑度 {ppl:.3f}，源模型为 {source:.3f}（{increase:+.1%}），在 {limit:.0%} 以内</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="64"/>
        <source>perplexity {ppl:.3f} vs the source&apos;s {source:.3f} ({increase:+.1%}), more than {limit:.0%}</source>
        <translation>困惑度 {ppl:.3f}，源模型为 {source:.3f}（{increase:+.1%}），超出 {limit:.0%}</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="68"/>
        <source>Source ({type}), llama.cpp, CPU</source>
        <translation>源模型（{type}），llama.cpp，CPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="69"/>
        <source>the reference</source>
        <translation>参考</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="70"/>
        <source>{quant} from {type}, llama.cpp, CPU</source>
        <translation>由 {type} 量化为 {quant}，llama.cpp，CPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="71"/>
        <source>The source is already quantized ({source}): quantizing it again stacks a second rounding on the first and loses accuracy. Offered only behind the gate; an F16 working copy (--working-copy) is a cleaner source.</source>
        <translation>源模型已经量化（{source}）：再次量化会在第一次舍入上叠加第二次舍入，损失精度。仅在确认后提供；F16 工作副本（--working-copy）是更干净的来源。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="77"/>
        <source>ONNX Runtime INT8 (QDQ U8S8 per-channel, Percentile), CPU</source>
        <translation>ONNX Runtime INT8（QDQ U8S8 逐通道，百分位校准），CPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="78"/>
        <source>ONNX Runtime INT8 (QDQ U8S8 per-channel, Percentile, 7-bit weights for a CPU without VNNI), CPU</source>
        <translation>ONNX Runtime INT8（QDQ U8S8 逐通道，Percentile 校准，因 CPU 无 VNNI 而使用 7 位权重），CPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="82"/>
        <source>OpenVINO INT8 (NNCF, mixed preset, decode tail in float), CPU</source>
        <translation>OpenVINO INT8（NNCF，混合预设，解码尾部保持浮点），CPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="84"/>
        <source>ONNX Runtime FP32, graph optimizations saved (plugin), CPU</source>
        <translation>ONNX Runtime FP32，已保存图优化（插件），CPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="85"/>
        <source>OpenVINO INT8 (NNCF, mixed preset, decode tail in float, 7-bit weights for a CPU without VNNI), CPU</source>
        <translation>OpenVINO INT8（NNCF，混合预设，解码尾部保持浮点，因 CPU 无 VNNI 而使用 7 位权重），CPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="89"/>
        <source>no ONNX-to-TFLite converter is installed (onnx2tf needs TensorFlow)</source>
        <translation>未安装 ONNX 到 TFLite 的转换器（onnx2tf 需要 TensorFlow）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="90"/>
        <source>Convert it with onnx2tf in a separate TensorFlow environment, then add the file.</source>
        <translation>请在单独的 TensorFlow 环境中用 onnx2tf 转换，然后添加该文件。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="94"/>
        <source>TensorFlow Lite FP32, CPU</source>
        <translation>TensorFlow Lite FP32，CPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="95"/>
        <source>ONNX Runtime FP32, CPU (the original)</source>
        <translation>ONNX Runtime FP32，CPU（原始模型）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="96"/>
        <source>OpenVINO IR FP32 with f32 forced, CPU</source>
        <translation>OpenVINO IR FP32，强制 f32 计算，CPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="97"/>
        <source>the pnnx converter is not installed</source>
        <translation>未安装 pnnx 转换器</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="98"/>
        <source>scripts/install.sh installs it (pip install --no-deps pnnx)</source>
        <translation>scripts/install.sh 会安装它（pip install --no-deps pnnx）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="99"/>
        <source>{label}: {speedup:.2f}x the original&apos;s speed in the same run, mAP@0.5 {map50:.3f} against its detections, confidence threshold re-fitted to {threshold:.2f}.</source>
        <translation>{label}：同一次运行中速度为原始模型的 {speedup:.2f} 倍，与其检测结果相比 mAP@0.5 为 {map50:.3f}，置信度阈值重新拟合为 {threshold:.2f}。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="106"/>
        <source>Little evidence: the original found only {references} objects on {pictures} pictures, so {metric} {value:.3f} (95% interval {low:.3f}-{high:.3f}) cannot tell a loss of a few points from none. Add photos from the site until the original finds at least {needed} objects.</source>
        <translation>证据不足：原始模型在 {pictures} 张图片上只找到 {references} 个目标，因此 {metric} {value:.3f}（95% 区间 {low:.3f}-{high:.3f}）无法区分几个百分点的损失和没有损失。请添加现场的照片，直到原始模型至少找到 {needed} 个目标。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="112"/>
        <source>Little evidence: the original found only {references} objects on {pictures} pictures made from {photos} photos (crops, flips and scales of the same photos), so {metric} {value:.3f} (95% interval {low:.3f}-{high:.3f}) cannot tell a loss of a few points from none. Add photos from the site until the original finds at least {needed} objects.</source>
        <translation>证据不足：原始模型在由 {photos} 张照片生成的 {pictures} 张图片（同一批照片的裁剪、翻转和缩放）上只找到 {references} 个目标，因此 {metric} {value:.3f}（95% 区间 {low:.3f}-{high:.3f}）无法区分几个百分点的损失和没有损失。请添加现场的照片，直到原始模型至少找到 {needed} 个目标。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="119"/>
        <source>Evidence: {references} objects found by the original on {pictures} pictures; {metric} 95% interval {low:.3f}-{high:.3f} (bootstrap over the photos).</source>
        <translation>证据：原始模型在 {pictures} 张图片上找到 {references} 个目标；{metric} 的 95% 区间为 {low:.3f}-{high:.3f}（按照片自助抽样）。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="124"/>
        <source>Evidence: {references} objects found by the original on {pictures} pictures made from {photos} photos (crops, flips and scales of the same photos); {metric} 95% interval {low:.3f}-{high:.3f} (bootstrap over the photos).</source>
        <translation>证据：原始模型在由 {photos} 张照片生成的 {pictures} 张图片（同一批照片的裁剪、翻转和缩放）上找到 {references} 个目标；{metric} 的 95% 区间为 {low:.3f}-{high:.3f}（按照片自助抽样）。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="130"/>
        <source>{label}: {speedup:.2f}x the original&apos;s speed, within the timing spread ({spread:.0%}) of {faster} ({faster_speedup:.2f}x), and more accurate (mAP@0.5 {map50:.3f} and F1 {f1:.3f} against {faster_map50:.3f} and {faster_f1:.3f}); confidence threshold re-fitted to {threshold:.2f}.</source>
        <translation>{label}：速度为原始模型的 {speedup:.2f} 倍，与 {faster}（{faster_speedup:.2f} 倍）的差距在计时波动范围（{spread:.0%}）之内，且更准确（mAP@0.5 {map50:.3f}、F1 {f1:.3f}，对方为 {faster_map50:.3f} 和 {faster_f1:.3f}）；置信度阈值已重新拟合为 {threshold:.2f}。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="137"/>
        <source>No candidate that passed the gate was faster than the original (best {speedup:.2f}x).</source>
        <translation>通过精度检查的候选模型都不比原始模型快（最佳 {speedup:.2f} 倍）。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="141"/>
        <source>Not selected for this run.</source>
        <translation>本次运行未选择。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="142"/>
        <source>the face embedder is optimized on its own: choose FaceRes as the model to optimize (its candidates are held to TAR at a fixed FAR within 1 point)</source>
        <translation>人脸特征提取器单独优化：选择 FaceRes 作为要优化的模型（其候选须在固定 FAR 下的 TAR 与原始模型相差不超过 1 个百分点）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="147"/>
        <source>Optimize FaceRes: edgestudio optimize faceres --task faces</source>
        <translation>优化 FaceRes：edgestudio optimize faceres --task faces</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="148"/>
        <source>Face embedder (dlib / FaceRes), converted or quantized</source>
        <translation>人脸特征提取模型（dlib / FaceRes），转换或量化</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="149"/>
        <source>the ncnn runner takes one fixed input size, and CenterFace takes each picture at its own size (a multiple of 32)</source>
        <translation>ncnn 运行器只接受一种固定输入尺寸，而 CenterFace 按每张图片自身的尺寸（32 的倍数）处理</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="154"/>
        <source>Use the OpenVINO or ONNX Runtime candidates for the face detector.</source>
        <translation>人脸检测器请使用 OpenVINO 或 ONNX Runtime 候选模型。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="155"/>
        <source>ONNX Runtime FP32, CPU (CenterFace)</source>
        <translation>ONNX Runtime FP32，CPU（CenterFace）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="156"/>
        <source>The original model finds nothing in the validation pictures, so agreement cannot be judged: use validation photos that show the objects the model detects.</source>
        <translation>原始模型在验证图片中什么也没检测到，因此无法判断一致性：请使用包含该模型所检测物体的验证照片。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="162"/>
        <source>Failed: mAP@0.5 {map50:.3f} &lt; {min_map:.3f} and F1 {f1:.3f} &lt; {min_f1:.3f} at its best threshold {threshold:.2f} (agreement with the original model&apos;s detections).</source>
        <translation>未通过：mAP@0.5 {map50:.3f} &lt; {min_map:.3f}，且在最佳阈值 {threshold:.2f} 下 F1 {f1:.3f} &lt; {min_f1:.3f}（与原始模型检测结果的一致性）。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="168"/>
        <source>Failed: mAP@0.5 {map50:.3f} &lt; {min_map:.3f} (agreement with the original model&apos;s detections).</source>
        <translation>未通过：mAP@0.5 {map50:.3f} &lt; {min_map:.3f}（与原始模型检测结果的一致性）。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="172"/>
        <source>Failed: F1 {f1:.3f} &lt; {min_f1:.3f} at its best threshold {threshold:.2f} (agreement with the original model&apos;s detections).</source>
        <translation>未通过：在最佳阈值 {threshold:.2f} 下 F1 {f1:.3f} &lt; {min_f1:.3f}（与原始模型检测结果的一致性）。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="177"/>
        <source>Passed: mAP@0.5 {map50:.3f} &gt;= {min_map:.3f}; F1 {f1:.3f} at threshold {threshold:.2f} (the original&apos;s {original:.2f} gives F1 {f1_0:.3f}).</source>
        <translation>通过：mAP@0.5 {map50:.3f} &gt;= {min_map:.3f}；阈值 {threshold:.2f} 下 F1 为 {f1:.3f}（原始阈值 {original:.2f} 下 F1 为 {f1_0:.3f}）。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="182"/>
        <source>The original face detector finds no face in the validation pictures, so agreement cannot be judged: use validation photos that show faces.</source>
        <translation>原始人脸检测器在验证图片中没有找到人脸，因此无法判断一致性：请使用包含人脸的验证照片。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="187"/>
        <source>Failed: it finds {recall:.1%} of the original&apos;s {count} faces at best (at least {min_recall:.0%} needed), and its precision is {precision:.3f} &lt; {min_precision:.2f} at threshold {threshold:.2f} (agreement with the original face detector).</source>
        <translation>未通过：最多只找到原始模型 {count} 张人脸中的 {recall:.1%}（至少需要 {min_recall:.0%}），且阈值 {threshold:.2f} 下精确率 {precision:.3f} &lt; {min_precision:.2f}（与原始人脸检测器的一致性）。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="194"/>
        <source>Failed: it finds {recall:.1%} of the original&apos;s {count} faces at best (at least {min_recall:.0%} needed; agreement with the original face detector).</source>
        <translation>未通过：最多只找到原始模型 {count} 张人脸中的 {recall:.1%}（至少需要 {min_recall:.0%}；与原始人脸检测器的一致性）。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="199"/>
        <source>Failed: precision {precision:.3f} &lt; {min_precision:.2f} at threshold {threshold:.2f} (agreement with the original face detector).</source>
        <translation>未通过：阈值 {threshold:.2f} 下精确率 {precision:.3f} &lt; {min_precision:.2f}（与原始人脸检测器的一致性）。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="204"/>
        <source>Passed: recall {recall:.3f} of the original&apos;s {count} faces, precision {precision:.3f} at threshold {threshold:.2f} (the original&apos;s {original:.2f} gives recall {recall0:.3f}).</source>
        <translation>通过：对原始模型的 {count} 张人脸召回率 {recall:.3f}，阈值 {threshold:.2f} 下精确率 {precision:.3f}（原始阈值 {original:.2f} 下召回率 {recall0:.3f}）。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="210"/>
        <source>{label} is the fastest that passed the gate: {speedup:.2f}x the original&apos;s {unit}, measured interleaved in this run.</source>
        <translation>{label} 是通过精度检查的最快候选：{unit}为原始模型的 {speedup:.2f} 倍（本次运行中交替测量）。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="215"/>
        <source>Every candidate that passed the gate was slower than the original here (best {label}: {speedup:.2f}x); the original stays.</source>
        <translation>通过精度检查的候选模型在此都比原始模型慢（最佳 {label}：{speedup:.2f} 倍）；保留原始模型。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="220"/>
        <source>OpenVINO IR FP32, CPU</source>
        <translation>OpenVINO IR FP32，CPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="221"/>
        <source>OpenVINO IR FP32 (computes in bf16 on this CPU), CPU</source>
        <translation>OpenVINO IR FP32（在此 CPU 上以 bf16 计算），CPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="222"/>
        <source>OpenVINO IR FP16 weights, CPU</source>
        <translation>OpenVINO IR FP16 权重，CPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="223"/>
        <source>OpenVINO IR FP16 weights (computes in bf16 on this CPU), CPU</source>
        <translation>OpenVINO IR FP16 权重（在此 CPU 上以 bf16 计算），CPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="224"/>
        <source>ncnn FP32 (pnnx), CPU</source>
        <translation>ncnn FP32（pnnx），CPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="225"/>
        <source>ncnn FP16 (pnnx), CPU</source>
        <translation>ncnn FP16（pnnx），CPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="226"/>
        <source>TensorRT FP16 engine, NVIDIA GPU</source>
        <translation>TensorRT FP16 引擎，NVIDIA GPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="227"/>
        <source>TensorRT INT8 engine, NVIDIA GPU</source>
        <translation>TensorRT INT8 引擎，NVIDIA GPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="228"/>
        <source>no NVIDIA GPU found</source>
        <translation>未找到 NVIDIA GPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="229"/>
        <source>TensorRT engines need an NVIDIA GPU (or a Jetson).</source>
        <translation>TensorRT 引擎需要 NVIDIA GPU（或 Jetson）。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="230"/>
        <source>building TensorRT engines is not in this version of the optimizer</source>
        <translation>此版本的优化器不构建 TensorRT 引擎</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="231"/>
        <source>An NVIDIA GPU with its driver and CUDA 12 libraries.</source>
        <translation>需要 NVIDIA GPU 及其驱动和 CUDA 12 库。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="232"/>
        <source>No candidate passed the accuracy gate; the original stays.</source>
        <translation>没有候选模型通过精度检查；保留原始模型。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="233"/>
        <source>No candidate passed the accuracy gate: keep the original model.</source>
        <translation>没有候选模型通过精度检查：保留原始模型。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="234"/>
        <source>the source already is this type</source>
        <translation>源模型已经是此类型</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="235"/>
        <source>x real time</source>
        <translation>实时倍数</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="236"/>
        <source>tokens/s</source>
        <translation>词元/秒</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="237"/>
        <source>frames per second</source>
        <translation>帧率</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="239"/>
        <source>Transcribing with float32 (the reference)</source>
        <translation>正在用 float32 转写（参考）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="240"/>
        <source>Loading {compute}</source>
        <translation>正在加载 {compute}</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="241"/>
        <source>Transcribing with {label}</source>
        <translation>正在用 {label} 转写</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="242"/>
        <source>Timing {label} against float32</source>
        <translation>正在对比 float32 为 {label} 计时</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="243"/>
        <source>Scoring the source&apos;s perplexity</source>
        <translation>正在计算源模型的困惑度</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="244"/>
        <source>Quantizing to {quant} with llama.cpp</source>
        <translation>正在用 llama.cpp 量化为 {quant}</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="245"/>
        <source>Scoring {quant}&apos;s perplexity</source>
        <translation>正在计算 {quant} 的困惑度</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="246"/>
        <source>Timing {quant} against the source</source>
        <translation>正在对比源模型为 {quant} 计时</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="247"/>
        <source>Reading calibration and validation pictures</source>
        <translation>正在读取校准和验证图片</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="248"/>
        <source>Calibrating INT8 (ONNX Runtime)</source>
        <translation>正在校准 INT8（ONNX Runtime）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="249"/>
        <source>Calibrating INT8 (NNCF)</source>
        <translation>正在校准 INT8（NNCF）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="250"/>
        <source>Loading the original model</source>
        <translation>正在加载原始模型</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="251"/>
        <source>Converting to OpenVINO IR ({weights})</source>
        <translation>正在转换为 OpenVINO IR（{weights}）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="252"/>
        <source>Converting to ncnn ({precision}) with pnnx</source>
        <translation>正在用 pnnx 转换为 ncnn（{precision}）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="253"/>
        <source>Calibrating INT8</source>
        <translation>正在校准 INT8</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="254"/>
        <source>Calibrating INT8 with NNCF</source>
        <translation>正在用 NNCF 校准 INT8</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="255"/>
        <source>Reading calibration and validation photos with faces</source>
        <translation>正在读取含人脸的校准和验证照片</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="256"/>
        <source>Loading the original face detector</source>
        <translation>正在加载原始人脸检测器</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="257"/>
        <source>Preparing {label}</source>
        <translation>正在准备 {label}</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="258"/>
        <source>Timing {count} candidates, interleaved</source>
        <translation>正在交替为 {count} 个候选模型计时</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="259"/>
        <source>Profiling the layers of {label}</source>
        <translation>正在分析 {label} 各层的耗时</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="260"/>
        <source>Parallel throughput of {label} ({workers} requests)</source>
        <translation>{label} 的并行吞吐量（{workers} 个请求）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="261"/>
        <source>Timing round {done} of {total}</source>
        <translation>计时第 {done} 轮，共 {total} 轮</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="262"/>
        <source>Checking accuracy of {label}</source>
        <translation>正在检查 {label} 的精度</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="263"/>
        <source>Checking the faces {label} finds</source>
        <translation>正在检查 {label} 找到的人脸</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="264"/>
        <source>{verb} ({done} of {total} images)</source>
        <translation>{verb}（{done}/{total} 张图片）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="265"/>
        <source>{verb} ({done} of {total} photos)</source>
        <translation>{verb}（{done}/{total} 张照片）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="267"/>
        <source>ONNX Runtime FP32, CPU (FaceRes, the original)</source>
        <translation>ONNX Runtime FP32，CPU（FaceRes，原始模型）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="268"/>
        <source>OpenVINO INT8 (NNCF, mixed preset, embedding layer in float), CPU</source>
        <translation>OpenVINO INT8（NNCF，混合预设，特征层保持浮点），CPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="269"/>
        <source>Checking the embeddings of {label} (TAR at a fixed FAR)</source>
        <translation>正在检查 {label} 的人脸特征（固定 FAR 下的 TAR）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="270"/>
        <source>Finding and aligning the faces of the packaged photos</source>
        <translation>正在查找并对齐内置照片中的人脸</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="271"/>
        <source>Loading the original face embedder</source>
        <translation>正在加载原始人脸特征提取器</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="272"/>
        <source>embeddings per second</source>
        <translation>每秒特征数</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="273"/>
        <source>The face embedder is judged and calibrated on the packaged face photos, whose people are known.</source>
        <translation>人脸特征提取器在内置人脸照片（人物身份已知）上评判和校准。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="277"/>
        <source>Leave calibration and validation empty for the face embedder.</source>
        <translation>优化人脸特征提取器时，请将校准集和验证集留空。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="278"/>
        <source>FaceRes takes 224x224 chips; it has no other input size.</source>
        <translation>FaceRes 只接受 224x224 的人脸图块，没有其他输入尺寸。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="279"/>
        <source>Passed: TAR {tar:.3f} at FAR {far:.3g} with its embeddings matched against the original&apos;s gallery (the original: {tar0:.3f}); match threshold re-fitted to {threshold:.3f} (the original&apos;s {original:.2f}); its embeddings agree with the original&apos;s at cosine {cosine:.3f} or more, so the enrolled gallery stays valid.</source>
        <translation>通过：将其特征与原始模型的人脸库比对，在 FAR {far:.3g} 下 TAR 为 {tar:.3f}（原始模型：{tar0:.3f}）；匹配阈值重新拟合为 {threshold:.3f}（原始模型为 {original:.2f}）；其特征与原始模型的余弦相似度不低于 {cosine:.3f}，已登记的人脸库仍然有效。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="286"/>
        <source>Failed: TAR {tar:.3f} at FAR {far:.3g} with its embeddings matched against the original&apos;s gallery, more than {drop:.0%} below the original&apos;s {tar0:.3f}. Its embeddings differ from the original&apos;s (cosine down to {cosine:.3f}), so people enrolled with the original would not be recognized reliably.</source>
        <translation>未通过：将其特征与原始模型的人脸库比对，在 FAR {far:.3g} 下 TAR 为 {tar:.3f}，比原始模型的 {tar0:.3f} 低了超过 {drop:.0%}。其特征与原始模型不同（余弦相似度低至 {cosine:.3f}），用原始模型登记的人将无法可靠识别。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="293"/>
        <source>The face pictures give no genuine or no impostor pairs, so TAR at a fixed FAR cannot be judged: the gate needs two or more pictures of each of two or more people.</source>
        <translation>这些人脸图片构不成同一人配对或不同人配对，无法评判固定 FAR 下的 TAR：评判需要至少两个人、每人至少两张图片。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="298"/>
        <source>Evidence: {genuine} genuine and {impostor} impostor pairs of {people} people ({pictures} face pictures made from {photos} photos: mirrored, scaled, recompressed and rotated views), each pair scored both ways; TAR 95% interval {low:.3f}-{high:.3f} (the wider of a bootstrap over the people and the Wilson interval of the genuine pairs).</source>
        <translation>证据：{people} 个人的 {genuine} 个同一人配对和 {impostor} 个不同人配对（{pictures} 张人脸图片，来自 {photos} 张照片：镜像、缩放、重新压缩和旋转的视图），每个配对双向计分；TAR 95% 区间 {low:.3f}-{high:.3f}（取按人自助抽样区间与同一人配对的 Wilson 区间中较宽者）。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_texts.py" line="305"/>
        <source>Little evidence: only {genuine} genuine and {impostor} impostor pairs of {people} people ({pictures} face pictures made from {photos} photos), so TAR {value:.3f} (95% interval {low:.3f}-{high:.3f}) cannot tell a loss of a few points from none. Add photos of more people until there are at least {needed} genuine pairs.</source>
        <translation>证据不足：只有 {people} 个人的 {genuine} 个同一人配对和 {impostor} 个不同人配对（{pictures} 张人脸图片，来自 {photos} 张照片），因此 TAR {value:.3f}（95% 区间 {low:.3f}-{high:.3f}）无法区分几个百分点的损失与没有损失。请加入更多人的照片，直到至少有 {needed} 个同一人配对。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="343"/>
        <source>The face gallery is bound to another device</source>
        <translation>人脸库绑定在另一台设备上</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="344"/>
        <source>{message} {hint}</source>
        <translation>{message}{hint}</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="345"/>
        <source>This gallery is bound to another device; restore it from an export.</source>
        <translation>此人脸库绑定在另一台设备上；请从导出文件恢复。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="346"/>
        <source>There is no device key here ({reason}). On the kiosk itself, use the kiosk service or run the command as root; on another machine, import an export made with &apos;edgestudio faces export&apos; on the old one.</source>
        <translation>这里没有设备密钥（{reason}）。在自助终端本机上，请通过终端服务使用，或以 root 身份运行命令；在另一台机器上，请导入在旧设备上用“edgestudio faces export”制作的导出文件。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="352"/>
        <source>This machine&apos;s device key is another one (another machine, or its host key or TPM changed). Import an export made with &apos;edgestudio faces export&apos; on the old device.</source>
        <translation>本机的设备密钥是另一把（另一台机器，或其主机密钥或 TPM 已更换）。请导入在旧设备上用“edgestudio faces export”制作的导出文件。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="357"/>
        <source>The device key could not be used</source>
        <translation>无法使用设备密钥</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="358"/>
        <source>The face gallery cannot be read with this PIN.</source>
        <translation>无法用此 PIN 读取人脸库。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="359"/>
        <source>Choose another PIN</source>
        <translation>请换一个 PIN</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="360"/>
        <source>Nothing was changed.</source>
        <translation>未做任何更改。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="361"/>
        <source>The PIN may not start or end with a space, nor be empty.</source>
        <translation>PIN 不能为空，也不能以空格开头或结尾。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="362"/>
        <source>A passphrase needs at least {needed} characters; this one has {count}.</source>
        <translation>口令至少需要 {needed} 个字符；这个只有 {count} 个。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="363"/>
        <source>The passphrase repeats one or two characters: anyone would guess it.</source>
        <translation>该口令只是重复一两个字符：谁都能猜到。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="364"/>
        <source>This device has no device key, so the PIN alone protects a copied disk, and any PIN of digits can be tried out there within a day. Choose a passphrase of at least {needed} characters (letters, digits, spaces).</source>
        <translation>本设备没有设备密钥，因此被复制的磁盘只靠 PIN 保护，而任何纯数字 PIN 都能在一天之内被试出来。请设置至少 {needed} 个字符的口令（字母、数字、空格）。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="370"/>
        <source>A PIN needs at least {needed} digits; this one has {count}.</source>
        <translation>PIN 至少需要 {needed} 位数字；这个只有 {count} 位。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="371"/>
        <source>The PIN repeats one digit (like 000000): anyone would guess it.</source>
        <translation>该 PIN 只重复一个数字（如 000000）：谁都能猜到。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="372"/>
        <source>The PIN is a run of consecutive digits (like 123456): anyone would guess it.</source>
        <translation>该 PIN 是一串连续数字（如 123456）：谁都能猜到。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="375"/>
        <source>The PIN repeats a short pattern (like 121212): anyone would guess it.</source>
        <translation>该 PIN 重复一个短模式（如 121212）：谁都能猜到。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="376"/>
        <source>The PIN is one of the most common ones, or uses only two different digits: choose another.</source>
        <translation>该 PIN 属于最常见的 PIN，或只用了两个不同的数字：请换一个。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="380"/>
        <source>An export needs a passphrase of at least {needed} characters (not one or two characters repeated), or a generated recovery code.</source>
        <translation>导出需要至少 {needed} 个字符的口令（不能只重复一两个字符），或一个生成的恢复码。</translation>
    </message>
    <message>
        <location filename="../ui/faces_move_texts.py" line="19"/>
        <source>The disk is full: {what} could not be saved in {folder}.</source>
        <translation>磁盘已满：无法将 {what} 保存到 {folder}。</translation>
    </message>
    <message>
        <location filename="../ui/faces_move_texts.py" line="20"/>
        <source>Free some space and try again; {undone}.</source>
        <translation>请释放一些空间后重试；{undone}。</translation>
    </message>
    <message>
        <location filename="../ui/faces_move_texts.py" line="21"/>
        <source>{folder} is read-only: {what} could not be saved.</source>
        <translation>{folder} 是只读的：无法保存 {what}。</translation>
    </message>
    <message>
        <location filename="../ui/faces_move_texts.py" line="22"/>
        <source>Make the folder writable (or mount the disk read-write) and try again; {undone}.</source>
        <translation>请让该文件夹可写（或以读写方式挂载磁盘）后重试；{undone}。</translation>
    </message>
    <message>
        <location filename="../ui/faces_move_texts.py" line="25"/>
        <source>{what} could not be saved in {folder}: {error}.</source>
        <translation>无法将 {what} 保存到 {folder}：{error}。</translation>
    </message>
    <message>
        <location filename="../ui/faces_move_texts.py" line="26"/>
        <source>nothing was changed</source>
        <translation>没有做任何更改</translation>
    </message>
    <message>
        <location filename="../ui/faces_move_texts.py" line="27"/>
        <source>the previous version was kept</source>
        <translation>已保留之前的版本</translation>
    </message>
    <message>
        <location filename="../ui/faces_move_texts.py" line="28"/>
        <source>The previous version was kept.</source>
        <translation>已保留之前的版本。</translation>
    </message>
    <message>
        <location filename="../ui/faces_move_texts.py" line="30"/>
        <source>{path} is a folder.</source>
        <translation>{path} 是一个文件夹。</translation>
    </message>
    <message>
        <location filename="../ui/faces_move_texts.py" line="31"/>
        <source>Give the name of the export file to write.</source>
        <translation>请给出要写入的导出文件名。</translation>
    </message>
    <message>
        <location filename="../ui/faces_move_texts.py" line="33"/>
        <source>{path} is a folder, not a gallery export.</source>
        <translation>{path} 是一个文件夹，不是人脸库导出文件。</translation>
    </message>
    <message>
        <location filename="../ui/faces_move_texts.py" line="34"/>
        <source>{path} cannot be read: {error}.</source>
        <translation>无法读取 {path}：{error}。</translation>
    </message>
    <message>
        <location filename="../ui/faces_move_texts.py" line="35"/>
        <source>{name} is not an EdgeStudio face gallery export.</source>
        <translation>{name} 不是 EdgeStudio 人脸库导出文件。</translation>
    </message>
    <message>
        <location filename="../ui/faces_move_texts.py" line="36"/>
        <source>{name} is damaged: its header cannot be read.</source>
        <translation>{name} 已损坏：无法读取其文件头。</translation>
    </message>
    <message>
        <location filename="../ui/faces_move_texts.py" line="37"/>
        <source>{name} cannot be opened with this passphrase or recovery code.</source>
        <translation>无法用此口令或恢复码打开 {name}。</translation>
    </message>
    <message>
        <location filename="../ui/faces_move_texts.py" line="38"/>
        <source>Type it exactly as it was given at the export; the file may also be damaged.</source>
        <translation>请按导出时给出的内容准确输入；文件也可能已损坏。</translation>
    </message>
    <message>
        <location filename="../ui/faces_move_texts.py" line="41"/>
        <source>There is already a face gallery in {folder}; nothing was imported.</source>
        <translation>{folder} 中已经有一个人脸库；未导入任何内容。</translation>
    </message>
    <message>
        <location filename="../ui/faces_move_texts.py" line="42"/>
        <source>Import into a fresh data folder, or erase this gallery first (edgestudio kiosk reset-pin).</source>
        <translation>请导入到新的数据文件夹，或先清除此人脸库（edgestudio kiosk reset-pin）。</translation>
    </message>
    <message>
        <location filename="../ui/faces_move_texts.py" line="46"/>
        <source>{name} is damaged: it holds no gallery key check.</source>
        <translation>{name} 已损坏：其中没有人脸库密钥校验。</translation>
    </message>
    <message>
        <location filename="../ui/faces_move_texts.py" line="47"/>
        <source>{name} does not hold a readable gallery: {error}.</source>
        <translation>{name} 中没有可读取的人脸库：{error}。</translation>
    </message>
    <message>
        <location filename="../ui/faces_move_texts.py" line="48"/>
        <source>Nothing was imported.</source>
        <translation>未导入任何内容。</translation>
    </message>
    <message>
        <location filename="../ui/faces_move_texts.py" line="49"/>
        <source>Nothing was exported.</source>
        <translation>未导出任何内容。</translation>
    </message>
    <message>
        <location filename="../ui/faces_move_texts.py" line="50"/>
        <source>the imported gallery</source>
        <translation>导入的人脸库</translation>
    </message>
</context>
<context>
    <name>ModelPage</name>
    <message>
        <location filename="../ui/optimize_pages/model_page.py" line="18"/>
        <location filename="../ui/optimize_pages/model_page.py" line="41"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/model_page.py" line="21"/>
        <source>Choose the model to make faster. The optimizer builds other forms of it, checks that they still answer like the original and measures them on this device.</source>
        <translation>选择要加速的模型。优化器会构建它的其他形式，检查其输出仍与原始模型一致，并在本设备上测量性能。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/model_page.py" line="27"/>
        <source>Object detection (Detect tab)</source>
        <translation>目标检测（“目标检测”标签页）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/model_page.py" line="28"/>
        <source>Face detection (Faces tab)</source>
        <translation>人脸检测（“人脸识别”标签页）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/model_page.py" line="29"/>
        <source>Speech recognition (Voice tab)</source>
        <translation>语音识别（“语音”标签页）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/model_page.py" line="30"/>
        <source>Chat (Chat tab)</source>
        <translation>对话（“对话”标签页）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/model_page.py" line="40"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/model_page.py" line="61"/>
        <source>No model for this task is installed. Add one in its tab first, or run scripts/install.sh.</source>
        <translation>此任务没有已安装的模型。请先在对应标签页中添加，或运行 scripts/install.sh。</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <location filename="../ui/widgets/model_picker.py" line="61"/>
        <location filename="../ui/widgets/model_picker.py" line="177"/>
        <source>Add model…</source>
        <translation>添加模型…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/model_picker.py" line="64"/>
        <source>Add a detection model from disk: a YOLOv5/v8/11 or CenterNet export as ONNX, OpenVINO IR (.xml with its .bin) or another format an installed runtime reads, or an Ultralytics training checkpoint (best.pt), exported to ONNX once you trust it</source>
        <translation>从磁盘添加检测模型：导出为 ONNX 的 YOLOv5/v8/11 或 CenterNet、OpenVINO IR（.xml 及其 .bin）、已安装运行时可读取的其他格式，或 Ultralytics 训练检查点（best.pt，在您确认信任后导出为 ONNX）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/model_picker.py" line="69"/>
        <source>Optimize…</source>
        <translation>优化…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/model_picker.py" line="71"/>
        <source>Build faster versions of this model, check their accuracy and deploy one</source>
        <translation>为此模型构建更快的版本，检查其精度并部署其中之一</translation>
    </message>
    <message>
        <location filename="../ui/widgets/model_picker.py" line="102"/>
        <source>{count} files</source>
        <translation>{count} 个文件</translation>
    </message>
    <message>
        <location filename="../ui/widgets/model_picker.py" line="104"/>
        <source>bundled</source>
        <translation>内置</translation>
    </message>
    <message>
        <location filename="../ui/widgets/model_picker.py" line="104"/>
        <source>added</source>
        <translation>已添加</translation>
    </message>
    <message>
        <location filename="../ui/widgets/model_picker.py" line="105"/>
        <source>{name}
{details}
Licence: {licence}
SHA-256: {digest}…</source>
        <translation>{name}
{details}
许可证：{licence}
SHA-256：{digest}…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/model_picker.py" line="108"/>
        <source>not stated</source>
        <translation>未注明</translation>
    </message>
    <message>
        <location filename="../ui/widgets/model_picker.py" line="127"/>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/model_picker.py" line="183"/>
        <source>Add a detection model</source>
        <translation>添加目标检测模型</translation>
    </message>
    <message>
        <location filename="../ui/widgets/model_picker.py" line="186"/>
        <source>All files</source>
        <translation>所有文件</translation>
    </message>
    <message>
        <location filename="../ui/widgets/model_picker.py" line="186"/>
        <source>Ultralytics checkpoint</source>
        <translation>Ultralytics 检查点</translation>
    </message>
</context>
<context>
    <name>ObjectLabels</name>
    <message>
        <location filename="../ui/object_labels.py" line="18"/>
        <source>person</source>
        <translation>人</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="19"/>
        <source>bicycle</source>
        <translation>自行车</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="20"/>
        <source>car</source>
        <translation>汽车</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="21"/>
        <source>motorcycle</source>
        <translation>摩托车</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="22"/>
        <source>airplane</source>
        <translation>飞机</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="23"/>
        <source>bus</source>
        <translation>公交车</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="24"/>
        <source>train</source>
        <translation>火车</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="25"/>
        <source>truck</source>
        <translation>卡车</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="26"/>
        <source>boat</source>
        <translation>船</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="27"/>
        <source>traffic light</source>
        <translation>交通信号灯</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="28"/>
        <source>fire hydrant</source>
        <translation>消防栓</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="29"/>
        <source>stop sign</source>
        <translation>停车标志</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="30"/>
        <source>parking meter</source>
        <translation>停车计时器</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="31"/>
        <source>bench</source>
        <translation>长椅</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="32"/>
        <source>bird</source>
        <translation>鸟</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="33"/>
        <source>cat</source>
        <translation>猫</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="34"/>
        <source>dog</source>
        <translation>狗</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="35"/>
        <source>horse</source>
        <translation>马</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="36"/>
        <source>sheep</source>
        <translation>羊</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="37"/>
        <source>cow</source>
        <translation>牛</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="38"/>
        <source>elephant</source>
        <translation>大象</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="39"/>
        <source>bear</source>
        <translation>熊</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="40"/>
        <source>zebra</source>
        <translation>斑马</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="41"/>
        <source>giraffe</source>
        <translation>长颈鹿</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="42"/>
        <source>backpack</source>
        <translation>背包</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="43"/>
        <source>umbrella</source>
        <translation>雨伞</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="44"/>
        <source>handbag</source>
        <translation>手提包</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="45"/>
        <source>tie</source>
        <translation>领带</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="46"/>
        <source>suitcase</source>
        <translation>行李箱</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="47"/>
        <source>frisbee</source>
        <translation>飞盘</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="48"/>
        <source>skis</source>
        <translation>滑雪板</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="49"/>
        <source>snowboard</source>
        <translation>单板滑雪板</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="50"/>
        <source>sports ball</source>
        <translation>运动球</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="51"/>
        <source>kite</source>
        <translation>风筝</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="52"/>
        <source>baseball bat</source>
        <translation>棒球棒</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="53"/>
        <source>baseball glove</source>
        <translation>棒球手套</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="54"/>
        <source>skateboard</source>
        <translation>滑板</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="55"/>
        <source>surfboard</source>
        <translation>冲浪板</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="56"/>
        <source>tennis racket</source>
        <translation>网球拍</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="57"/>
        <source>bottle</source>
        <translation>瓶子</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="58"/>
        <source>wine glass</source>
        <translation>酒杯</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="59"/>
        <source>cup</source>
        <translation>杯子</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="60"/>
        <source>fork</source>
        <translation>叉子</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="61"/>
        <source>knife</source>
        <translation>刀</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="62"/>
        <source>spoon</source>
        <translation>勺子</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="63"/>
        <source>bowl</source>
        <translation>碗</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="64"/>
        <source>banana</source>
        <translation>香蕉</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="65"/>
        <source>apple</source>
        <translation>苹果</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="66"/>
        <source>sandwich</source>
        <translation>三明治</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="67"/>
        <source>orange</source>
        <translation>橙子</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="68"/>
        <source>broccoli</source>
        <translation>西兰花</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="69"/>
        <source>carrot</source>
        <translation>胡萝卜</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="70"/>
        <source>hot dog</source>
        <translation>热狗</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="71"/>
        <source>pizza</source>
        <translation>披萨</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="72"/>
        <source>donut</source>
        <translation>甜甜圈</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="73"/>
        <source>cake</source>
        <translation>蛋糕</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="74"/>
        <source>chair</source>
        <translation>椅子</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="75"/>
        <source>couch</source>
        <translation>沙发</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="76"/>
        <source>potted plant</source>
        <translation>盆栽</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="77"/>
        <source>bed</source>
        <translation>床</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="78"/>
        <source>dining table</source>
        <translation>餐桌</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="79"/>
        <source>toilet</source>
        <translation>马桶</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="80"/>
        <source>tv</source>
        <translation>电视</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="81"/>
        <source>laptop</source>
        <translation>笔记本电脑</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="82"/>
        <source>mouse</source>
        <translation>鼠标</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="83"/>
        <source>remote</source>
        <translation>遥控器</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="84"/>
        <source>keyboard</source>
        <translation>键盘</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="85"/>
        <source>cell phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="86"/>
        <source>microwave</source>
        <translation>微波炉</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="87"/>
        <source>oven</source>
        <translation>烤箱</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="88"/>
        <source>toaster</source>
        <translation>烤面包机</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="89"/>
        <source>sink</source>
        <translation>水槽</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="90"/>
        <source>refrigerator</source>
        <translation>冰箱</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="91"/>
        <source>book</source>
        <translation>书</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="92"/>
        <source>clock</source>
        <translation>时钟</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="93"/>
        <source>vase</source>
        <translation>花瓶</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="94"/>
        <source>scissors</source>
        <translation>剪刀</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="95"/>
        <source>teddy bear</source>
        <translation>泰迪熊</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="96"/>
        <source>hair drier</source>
        <translation>吹风机</translation>
    </message>
    <message>
        <location filename="../ui/object_labels.py" line="97"/>
        <source>toothbrush</source>
        <translation>牙刷</translation>
    </message>
</context>
<context>
    <name>OptimizeWizard</name>
    <message>
        <location filename="../ui/optimize_wizard.py" line="39"/>
        <source>Optimize a model</source>
        <translation>优化模型</translation>
    </message>
    <message>
        <location filename="../ui/optimize_wizard.py" line="58"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>PassageDialog</name>
    <message>
        <location filename="../ui/widgets/passage_dialog.py" line="17"/>
        <source>{file}, page {page}</source>
        <translation>{file}，第 {page} 页</translation>
    </message>
    <message>
        <location filename="../ui/widgets/passage_dialog.py" line="30"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../ui/widgets/passage_dialog.py" line="38"/>
        <source>Open the document</source>
        <translation>打开文档</translation>
    </message>
</context>
<context>
    <name>PinGate</name>
    <message>
        <location filename="../ui/widgets/pin_gate.py" line="41"/>
        <source>Admin PIN</source>
        <translation>管理员 PIN</translation>
    </message>
    <message>
        <location filename="../ui/widgets/pin_gate.py" line="42"/>
        <source>Repeat PIN</source>
        <translation>再次输入 PIN</translation>
    </message>
    <message>
        <location filename="../ui/widgets/pin_gate.py" line="80"/>
        <source>Protect the face gallery</source>
        <translation>保护人脸库</translation>
    </message>
    <message>
        <location filename="../ui/widgets/pin_gate.py" line="80"/>
        <source>The face gallery is locked</source>
        <translation>人脸库已锁定</translation>
    </message>
    <message>
        <location filename="../ui/widgets/pin_gate.py" line="93"/>
        <source>Face templates are biometric data. Choose an admin PIN of at least 6 digits, or a passphrase: templates and photos are encrypted with a key that needs both this PIN and this device&apos;s own key, so a copied disk cannot be read elsewhere.</source>
        <translation>人脸模板属于生物特征数据。请设置至少 6 位数字的管理员 PIN，或一个口令：模板和照片用一个同时需要此 PIN 和本设备自身密钥的密钥加密，因此复制走的磁盘在别处无法读取。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/pin_gate.py" line="83"/>
        <source>Enter the admin PIN to recognise and enroll people.</source>
        <translation>输入管理员 PIN 以识别和登记人员。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/pin_gate.py" line="34"/>
        <source>Import from another device…</source>
        <translation>从另一台设备导入…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/pin_gate.py" line="36"/>
        <source>Moving from another device? Restore its export here instead of starting empty.</source>
        <translation>从另一台设备迁移？请在这里恢复它的导出文件，而不是从空的人脸库开始。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/pin_gate.py" line="86"/>
        <source>This kiosk has no admin PIN yet, and it cannot be chosen on this screen, where anyone could. The administrator sets it on the device: at installation (sudo edgestudio kiosk install asks for it), or with sudo edgestudio kiosk set-pin --user KIOSK-USER, which reads the PIN from standard input.</source>
        <translation>此自助终端尚未设置管理员 PIN，且不能在此屏幕上设置，因为任何人都可以操作这里。管理员需在设备上设置：安装时（sudo edgestudio kiosk install 会询问），或使用 sudo edgestudio kiosk set-pin --user KIOSK-USER，从标准输入读取 PIN。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/pin_gate.py" line="106"/>
        <source>Set PIN</source>
        <translation>设置 PIN</translation>
    </message>
    <message>
        <location filename="../ui/widgets/pin_gate.py" line="106"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../ui/widgets/pin_gate.py" line="118"/>
        <source>The two PINs differ.</source>
        <translation>两次输入的 PIN 不一致。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/pin_gate.py" line="99"/>
        <source>Face templates are biometric data. This device has no device key (no systemd credentials here), so only the PIN protects the gallery if its disk is copied. Choose a passphrase of at least 12 characters.</source>
        <translation>人脸模板属于生物特征数据。本设备没有设备密钥（这里没有 systemd 凭据），因此磁盘被复制时只有 PIN 保护人脸库。请设置至少 12 个字符的口令。</translation>
    </message>
</context>
<context>
    <name>PushToTalkButton</name>
    <message>
        <location filename="../ui/widgets/push_to_talk.py" line="85"/>
        <source>No microphone found: connect one to speak.</source>
        <translation>未找到麦克风：请连接麦克风后再说话。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/push_to_talk.py" line="165"/>
        <source>No speech was heard. Hold the button and speak.</source>
        <translation>没有听到语音。请按住按钮说话。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/push_to_talk.py" line="207"/>
        <source>No words were recognised. Try again a little closer.</source>
        <translation>没有识别出文字。请靠近一些再试。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/push_to_talk.py" line="232"/>
        <source>Speak</source>
        <translation>说话</translation>
    </message>
    <message>
        <location filename="../ui/widgets/push_to_talk.py" line="233"/>
        <source>Stop and use</source>
        <translation>停止并使用</translation>
    </message>
    <message>
        <location filename="../ui/widgets/push_to_talk.py" line="234"/>
        <source>Finishing…</source>
        <translation>正在结束…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/push_to_talk.py" line="235"/>
        <source>Transcribing…</source>
        <translation>正在转写…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/push_to_talk.py" line="241"/>
        <source>No Whisper model is installed. Run scripts/install.sh.</source>
        <translation>未安装 Whisper 模型。请运行 scripts/install.sh。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/push_to_talk.py" line="244"/>
        <source>Hold to talk and release to stop, or click to start and click again to stop. Uses the model and language chosen in the Voice tab.</source>
        <translation>按住说话、松开结束；或单击开始、再次单击结束。使用“语音”标签页中选择的模型和语言。</translation>
    </message>
</context>
<context>
    <name>ResultsPage</name>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="48"/>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="49"/>
        <source>Candidates that failed the accuracy gate cannot be deployed.</source>
        <translation>未通过精度检查的候选模型无法部署。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="51"/>
        <source>Candidate</source>
        <translation>候选模型</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="52"/>
        <source>Precision / input</source>
        <translation>精度 / 输入尺寸</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="53"/>
        <source>Runtime / device</source>
        <translation>运行时 / 设备</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="54"/>
        <source>Accuracy</source>
        <translation>精度</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="55"/>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="56"/>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="57"/>
        <source>Speed-up</source>
        <translation>加速比</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="58"/>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="59"/>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="85"/>
        <source>Open report</source>
        <translation>打开报告</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="86"/>
        <source>Write the report (HTML and JSON) and open it in the browser</source>
        <translation>生成报告（HTML 和 JSON）并在浏览器中打开</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="87"/>
        <source>Grid…</source>
        <translation>网格…</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="89"/>
        <source>Measure every runtime and precision at several input sizes (detection models)</source>
        <translation>在多个输入尺寸下测量每个运行时和精度（检测模型）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="134"/>
        <source>Recommended: {0}.
{1}</source>
        <translation>推荐：{0}。
{1}</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="136"/>
        <source>No recommendation: {0}</source>
        <translation>无推荐：{0}</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="162"/>
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="163"/>
        <source>failed</source>
        <translation>未通过</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="164"/>
        <source>not built</source>
        <translation>未构建</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="165"/>
        <source>unavailable</source>
        <translation>不可用</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="166"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="170"/>
        <source>the original: the reference</source>
        <translation>原始模型：作为基准</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="188"/>
        <location filename="../ui/optimize_pages/results_page.py" line="189"/>
        <source>{0} ms</source>
        <translation>{0} 毫秒</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="191"/>
        <source>{0} MB</source>
        <translation>{0} MB</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="208"/>
        <source>{0} layers kept in float: {1}.</source>
        <translation>{0} 层保持浮点：{1}。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="216"/>
        <source>It repairs {0}, which failed the gate: {1}× against its {2}×.</source>
        <translation>它修复了未通过检查的 {0}：速度 {1}×，后者为 {2}×。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="224"/>
        <source>It repairs {0}, which failed the gate.</source>
        <translation>它修复了未通过检查的 {0}。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="248"/>
        <source>Report: {0}</source>
        <translation>报告：{0}</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="256"/>
        <source>The report could not be written: {0}</source>
        <translation>无法写入报告：{0}</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/results_page.py" line="260"/>
        <source>Report written to {0}; no browser could open it here.</source>
        <translation>报告已写入 {0}；此处没有可打开它的浏览器。</translation>
    </message>
</context>
<context>
    <name>RuntimePicker</name>
    <message>
        <location filename="../ui/widgets/runtime_picker.py" line="41"/>
        <source>Checking which runtimes this device has…</source>
        <translation>正在检查本设备上的运行时…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/runtime_picker.py" line="47"/>
        <source>Backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <location filename="../ui/widgets/runtime_picker.py" line="48"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../ui/widgets/runtime_picker.py" line="107"/>
        <source>no model files</source>
        <translation>无模型文件</translation>
    </message>
    <message>
        <location filename="../ui/widgets/runtime_picker.py" line="108"/>
        <source>cannot read {0} models (it loads {1})</source>
        <translation>无法读取 {0} 模型（它可加载 {1}）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/runtime_picker.py" line="131"/>
        <location filename="../ui/widgets/runtime_picker.py" line="147"/>
        <source>{0} (unavailable)</source>
        <translation>{0}（不可用）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/runtime_picker.py" line="166"/>
        <source>No installed runtime serves this task.</source>
        <translation>没有已安装的运行时支持此任务。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/runtime_picker.py" line="174"/>
        <source>Recommended: {0}</source>
        <translation>推荐：{0}</translation>
    </message>
    <message>
        <location filename="../ui/widgets/runtime_picker.py" line="180"/>
        <source>Not available here: {0} (the Device tab says why).</source>
        <translation>此处不可用：{0}（原因见“设备”标签页）。</translation>
    </message>
</context>
<context>
    <name>ScoreHistogram</name>
    <message>
        <location filename="../ui/widgets/score_histogram.py" line="61"/>
        <source>threshold {value}</source>
        <translation>阈值 {value}</translation>
    </message>
    <message>
        <location filename="../ui/widgets/score_histogram.py" line="68"/>
        <source>same person ({n} pairs)</source>
        <translation>同一人（{n} 对）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/score_histogram.py" line="69"/>
        <source>different people ({n} pairs)</source>
        <translation>不同的人（{n} 对）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/score_histogram.py" line="75"/>
        <source>distance between templates (lower = more alike)</source>
        <translation>模板间距离（越小越相似）</translation>
    </message>
</context>
<context>
    <name>SegmentTable</name>
    <message>
        <location filename="../ui/widgets/segment_table.py" line="18"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../ui/widgets/segment_table.py" line="18"/>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <location filename="../ui/widgets/segment_table.py" line="18"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../ui/settings_dialog.py" line="31"/>
        <location filename="../ui/settings_dialog.py" line="54"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="32"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="33"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="50"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="69"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="70"/>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="74"/>
        <source>Set by the site configuration.</source>
        <translation>由站点配置设定。</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="75"/>
        <source>set by the site configuration</source>
        <translation>由站点配置设定</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="95"/>
        <source>The new language is used from the next start of EdgeStudio.</source>
        <translation>新语言将在下次启动 EdgeStudio 时生效。</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="97"/>
        <source>The theme changes at once; a new language is used from the next start.</source>
        <translation>主题立即生效；新语言在下次启动时生效。</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="116"/>
        <source>The settings could not be saved: {detail}</source>
        <translation>无法保存设置：{detail}</translation>
    </message>
</context>
<context>
    <name>SiteLock</name>
    <message>
        <location filename="../ui/widgets/feedback.py" line="59"/>
        <source>Set by the site configuration.</source>
        <translation>由站点配置设定。</translation>
    </message>
</context>
<context>
    <name>SiteServerSection</name>
    <message>
        <location filename="../ui/site_server_section.py" line="58"/>
        <source>Site server</source>
        <translation>站点服务器</translation>
    </message>
    <message>
        <location filename="../ui/site_server_section.py" line="62"/>
        <source>http://HOST:8000 or grpc://HOST:8001 (empty: none)</source>
        <translation>http://主机:8000 或 grpc://主机:8001（留空：不使用）</translation>
    </message>
    <message>
        <location filename="../ui/site_server_section.py" line="66"/>
        <location filename="../ui/site_server_section.py" line="135"/>
        <source>saved (type to replace it)</source>
        <translation>已保存（输入新值可替换）</translation>
    </message>
    <message>
        <location filename="../ui/site_server_section.py" line="66"/>
        <location filename="../ui/site_server_section.py" line="137"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../ui/site_server_section.py" line="69"/>
        <source>The model&apos;s input tensors (wired network)</source>
        <translation>模型的输入张量（有线网络）</translation>
    </message>
    <message>
        <location filename="../ui/site_server_section.py" line="70"/>
        <source>Each frame as JPEG, detections back (Wi-Fi)</source>
        <translation>每帧以 JPEG 发送，返回检测结果（Wi-Fi）</translation>
    </message>
    <message>
        <location filename="../ui/site_server_section.py" line="74"/>
        <source>How Detect sends frames to the site server. JPEG sends far fewer bytes (about 1/40 with the default detector) and the server runs the whole pipeline; tensors leave the server less work.</source>
        <translation>“检测”向站点服务器发送画面的方式。JPEG 发送的数据量少得多（默认检测器约为 1/40），由服务器运行完整流程；张量方式给服务器留下的工作更少。</translation>
    </message>
    <message>
        <location filename="../ui/site_server_section.py" line="79"/>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location filename="../ui/site_server_section.py" line="89"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../ui/site_server_section.py" line="90"/>
        <source>Access token</source>
        <translation>访问令牌</translation>
    </message>
    <message>
        <location filename="../ui/site_server_section.py" line="91"/>
        <source>Detect sends</source>
        <translation>检测发送方式</translation>
    </message>
    <message>
        <location filename="../ui/site_server_section.py" line="97"/>
        <location filename="../ui/site_server_section.py" line="101"/>
        <source>Set by the site configuration.</source>
        <translation>由站点配置设定。</translation>
    </message>
    <message>
        <location filename="../ui/site_server_section.py" line="158"/>
        <source>Connecting to {0}…</source>
        <translation>正在连接 {0}…</translation>
    </message>
    <message>
        <location filename="../ui/site_server_section.py" line="184"/>
        <source>Connected: {0}, round trip {1} ms.</source>
        <translation>已连接：{0}，往返 {1} 毫秒。</translation>
    </message>
    <message>
        <location filename="../ui/site_server_section.py" line="188"/>
        <source>unknown task</source>
        <translation>未知任务</translation>
    </message>
    <message>
        <location filename="../ui/site_server_section.py" line="189"/>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../ui/site_server_section.py" line="189"/>
        <source>not ready</source>
        <translation>未就绪</translation>
    </message>
    <message>
        <location filename="../ui/site_server_section.py" line="190"/>
        <source>• {0}: {1}, {2}</source>
        <translation>• {0}：{1}，{2}</translation>
    </message>
    <message>
        <location filename="../ui/site_server_section.py" line="192"/>
        <source>The server serves no models yet.</source>
        <translation>服务器尚未提供任何模型。</translation>
    </message>
    <message>
        <location filename="../ui/site_server_section.py" line="193"/>
        <source>not said</source>
        <translation>未说明</translation>
    </message>
    <message>
        <location filename="../ui/site_server_section.py" line="194"/>
        <source>Devices: {0}</source>
        <translation>设备：{0}</translation>
    </message>
    <message>
        <location filename="../ui/site_server_section.py" line="201"/>
        <source>No site server answers at {0}. Is it running, and are the address and port right?</source>
        <translation>{0} 没有站点服务器响应。服务器是否在运行？地址和端口是否正确？</translation>
    </message>
    <message>
        <location filename="../ui/site_server_section.py" line="203"/>
        <source>The site server at {0} did not answer in time.</source>
        <translation>{0} 的站点服务器没有及时响应。</translation>
    </message>
    <message>
        <location filename="../ui/site_server_section.py" line="205"/>
        <source>The site server at {0} refused the access token. Enter the token from the server&apos;s token file.</source>
        <translation>{0} 的站点服务器拒绝了访问令牌。请输入服务器令牌文件中的令牌。</translation>
    </message>
    <message>
        <location filename="../ui/site_server_section.py" line="209"/>
        <source>{0} answers with a web page or another service, not as an inference server. Check the port: Triton&apos;s HTTP port is 8000, gRPC 8001.</source>
        <translation>{0} 返回的是网页或其他服务，而不是推理服务器。请检查端口：Triton 的 HTTP 端口是 8000，gRPC 端口是 8001。</translation>
    </message>
    <message>
        <location filename="../ui/site_server_section.py" line="213"/>
        <source>&apos;{0}&apos; is not a site server address. Write it as http://HOST:8000 or grpc://HOST:8001.</source>
        <translation>“{0}”不是站点服务器地址。请写成 http://主机:8000 或 grpc://主机:8001。</translation>
    </message>
</context>
<context>
    <name>SiteStateNote</name>
    <message>
        <location filename="../ui/widgets/site_state_note.py" line="71"/>
        <source>⚠ The site server does not answer: the model on this device runs instead.</source>
        <translation>⚠ 站点服务器没有响应：改由本设备上的模型运行。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/site_state_note.py" line="74"/>
        <source>The site server answers again: back on it.</source>
        <translation>站点服务器已恢复响应：已切回服务器。</translation>
    </message>
</context>
<context>
    <name>SourcePicker</name>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="26"/>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="29"/>
        <source>Video file</source>
        <translation>视频文件</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="30"/>
        <source>Choose a video file…</source>
        <translation>选择视频文件…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="34"/>
        <source>Stream URL</source>
        <translation>视频流网址</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="35"/>
        <source>rtsp://camera.local/stream or http://…</source>
        <translation>rtsp://camera.local/stream 或 http://…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="39"/>
        <source>Image file</source>
        <translation>图片文件</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="40"/>
        <source>Choose an image…</source>
        <translation>选择图片…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="89"/>
        <source>Pick a camera, or type its number or device path (/dev/video0).</source>
        <translation>选择摄像头，或输入其编号或设备路径（/dev/video0）。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="91"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="92"/>
        <source>Loop video files</source>
        <translation>循环播放视频文件</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="93"/>
        <source>Play at the video&apos;s own speed</source>
        <translation>按视频原速播放</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="94"/>
        <source>Off: process video files as fast as the model can.</source>
        <translation>关闭时：按模型的最快速度处理视频文件。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="124"/>
        <source>{name} ({device})</source>
        <translation>{name}（{device}）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="127"/>
        <source>Type a camera number or device path</source>
        <translation>输入摄像头编号或设备路径</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="129"/>
        <source>No camera found: connect one, or type a device path</source>
        <translation>未找到摄像头：请连接一个，或输入设备路径</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="190"/>
        <source>Choose a video</source>
        <translation>选择视频</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="190"/>
        <source>Choose an image</source>
        <translation>选择图片</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="191"/>
        <source>Videos (*.mp4 *.mkv *.avi *.mov *.webm *.m4v *.ts);;All files (*)</source>
        <translation>视频 (*.mp4 *.mkv *.avi *.mov *.webm *.m4v *.ts);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="192"/>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff);;All files (*)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>SourceSet</name>
    <message>
        <location filename="../ui/detect_sources.py" line="86"/>
        <source>Opening {source}…</source>
        <translation>正在打开 {source}…</translation>
    </message>
    <message>
        <location filename="../ui/detect_sources.py" line="145"/>
        <location filename="../ui/detect_sources.py" line="171"/>
        <source>{source}: reconnecting…</source>
        <translation>{source}：正在重新连接…</translation>
    </message>
    <message>
        <location filename="../ui/detect_sources.py" line="148"/>
        <source>{source}   {fps} fps   latency {latency} ms   dropped {dropped}</source>
        <translation>{source}   {fps} 帧/秒   延迟 {latency} 毫秒   丢弃 {dropped} 帧</translation>
    </message>
    <message>
        <location filename="../ui/detect_sources.py" line="167"/>
        <source>Reconnecting to {source}…
{reason}</source>
        <translation>正在重新连接 {source}…
{reason}</translation>
    </message>
</context>
<context>
    <name>SpeedAccuracyPlot</name>
    <message>
        <location filename="../ui/widgets/optimize_plots.py" line="112"/>
        <source>No candidate was measured.</source>
        <translation>没有测量任何候选模型。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/optimize_plots.py" line="219"/>
        <source>speed-up against the original</source>
        <translation>相对原始模型的加速比</translation>
    </message>
</context>
<context>
    <name>StageBar</name>
    <message>
        <location filename="../ui/widgets/stage_bar.py" line="14"/>
        <source>capture</source>
        <translation>采集</translation>
    </message>
    <message>
        <location filename="../ui/widgets/stage_bar.py" line="15"/>
        <source>pre</source>
        <translation>预处理</translation>
    </message>
    <message>
        <location filename="../ui/widgets/stage_bar.py" line="16"/>
        <source>infer</source>
        <translation>推理</translation>
    </message>
    <message>
        <location filename="../ui/widgets/stage_bar.py" line="17"/>
        <source>post</source>
        <translation>后处理</translation>
    </message>
    <message>
        <location filename="../ui/widgets/stage_bar.py" line="18"/>
        <source>draw</source>
        <translation>绘制</translation>
    </message>
    <message>
        <location filename="../ui/widgets/stage_bar.py" line="39"/>
        <source>Milliseconds each stage spent on the last frame. Capture and pre-processing run on the capture thread while the previous frame is inferred, and drawing on the screen&apos;s thread, so the frame rate follows inference and post-processing.</source>
        <translation>上一帧中各阶段所用的毫秒数。采集和预处理在采集线程上进行，与上一帧的推理同时完成；绘制在界面线程上进行。因此帧率取决于推理和后处理。</translation>
    </message>
</context>
<context>
    <name>StorageBanner</name>
    <message>
        <location filename="../ui/widgets/storage_banner.py" line="37"/>
        <source>Disk full: nothing is saved</source>
        <translation>磁盘已满：不会保存任何内容</translation>
    </message>
    <message>
        <location filename="../ui/widgets/storage_banner.py" line="38"/>
        <source>Data folder read-only: nothing is saved</source>
        <translation>数据文件夹只读：不会保存任何内容</translation>
    </message>
    <message>
        <location filename="../ui/widgets/storage_banner.py" line="43"/>
        <source>The disk holding the data folder %1 is full.</source>
        <translation>数据文件夹 %1 所在的磁盘已满。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/storage_banner.py" line="44"/>
        <source>Free some space on that disk, then restart EdgeStudio.</source>
        <translation>请释放该磁盘的空间，然后重新启动 EdgeStudio。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/storage_banner.py" line="46"/>
        <source>The data folder %1 is read-only.</source>
        <translation>数据文件夹 %1 为只读。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/storage_banner.py" line="47"/>
        <source>Remount it read-write, or set EDGESTUDIO_HOME to a writable folder, then restart.</source>
        <translation>请以读写方式重新挂载，或将 EDGESTUDIO_HOME 设为可写的文件夹，然后重新启动。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/storage_banner.py" line="49"/>
        <source>Detection, transcription and chat keep working, and the face gallery can be read. Nothing is saved: no chat conversations, transcripts, enrollments, added models or settings.</source>
        <translation>目标检测、转写和对话仍可使用，人脸库也可读取。但不会保存任何内容：对话、转写、登记、新增模型和设置都不会保存。</translation>
    </message>
</context>
<context>
    <name>TargetPage</name>
    <message>
        <location filename="../ui/optimize_pages/target_page.py" line="36"/>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/target_page.py" line="39"/>
        <source>Choose where the model should run, then the forms to build and check. The original always runs.</source>
        <translation>选择模型的运行位置，然后选择要构建和检查的形式。原始模型始终参与运行。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/target_page.py" line="45"/>
        <source>Automatic (every device this machine has)</source>
        <translation>自动（本机的所有设备）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/target_page.py" line="46"/>
        <source>CPU</source>
        <translation>处理器</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/target_page.py" line="47"/>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/target_page.py" line="48"/>
        <source>NPU</source>
        <translation>NPU</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/target_page.py" line="57"/>
        <source>Candidate</source>
        <translation>候选模型</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/target_page.py" line="57"/>
        <source>Runtime / device</source>
        <translation>运行时 / 设备</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/target_page.py" line="57"/>
        <source>Here</source>
        <translation>本机</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/target_page.py" line="57"/>
        <source>Precision / input</source>
        <translation>精度 / 输入尺寸</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/target_page.py" line="74"/>
        <source>Run on</source>
        <translation>运行于</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/target_page.py" line="121"/>
        <source>Finding what this device can run…</source>
        <translation>正在查找本设备可运行的内容…</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/target_page.py" line="137"/>
        <source>{0} of {1} candidates can run here; the others say why and how to get them.</source>
        <translation>{1} 个候选模型中有 {0} 个可在此运行；其余的会说明原因及获取方法。</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/target_page.py" line="146"/>
        <source>The candidates could not be listed: {0}</source>
        <translation>无法列出候选模型：{0}</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/target_page.py" line="167"/>
        <source>the original: always measured</source>
        <translation>原始模型：始终测量</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/target_page.py" line="169"/>
        <source>unavailable: {0}</source>
        <translation>不可用：{0}</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/target_page.py" line="173"/>
        <source>available, asks for confirmation: {0}</source>
        <translation>可用，需要确认：{0}</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/target_page.py" line="175"/>
        <source>available</source>
        <translation>可用</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/target_page.py" line="222"/>
        <source>Build this candidate?</source>
        <translation>构建此候选模型？</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/target_page.py" line="223"/>
        <source>{0}: {1}

Build it anyway? The accuracy gate still judges it.</source>
        <translation>{0}：{1}

仍要构建吗？精度检查仍会对其进行评判。</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <location filename="../ui/widgets/transcript_view.py" line="27"/>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transcript_view.py" line="28"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transcript_view.py" line="29"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transcript_view.py" line="44"/>
        <source>first token {ms} ms</source>
        <translation>首个词元 {ms} 毫秒</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transcript_view.py" line="47"/>
        <source>{speed} tokens/s</source>
        <translation>{speed} 词元/秒</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transcript_view.py" line="48"/>
        <source>{n} tokens</source>
        <translation>{n} 个词元</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transcript_view.py" line="51"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transcript_view.py" line="95"/>
        <source>Note: {n} earlier message(s) were left out because the conversation outgrew the model&apos;s context.</source>
        <translation>注意：由于对话超出模型的上下文长度，较早的 {n} 条消息未被使用。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transcript_view.py" line="105"/>
        <source>Sources</source>
        <translation>来源</translation>
    </message>
</context>
<context>
    <name>VideoView</name>
    <message>
        <location filename="../ui/widgets/video_view.py" line="67"/>
        <location filename="../ui/widgets/video_view.py" line="120"/>
        <source>Choose a source and press Start.</source>
        <translation>选择视频源并按“开始”。</translation>
    </message>
</context>
<context>
    <name>VoiceModelPanel</name>
    <message>
        <location filename="../ui/voice_model_panel.py" line="41"/>
        <source>Auto-detect</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="42"/>
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="43"/>
        <source>German</source>
        <translation>德语</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="44"/>
        <source>French</source>
        <translation>法语</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="45"/>
        <source>Spanish</source>
        <translation>西班牙语</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="46"/>
        <source>Italian</source>
        <translation>意大利语</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="47"/>
        <source>Dutch</source>
        <translation>荷兰语</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="48"/>
        <source>Portuguese</source>
        <translation>葡萄牙语</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="49"/>
        <source>Polish</source>
        <translation>波兰语</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="50"/>
        <source>Japanese</source>
        <translation>日语</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="51"/>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="76"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="83"/>
        <source>Add model folder…</source>
        <translation>添加模型文件夹…</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="85"/>
        <source>A faster-whisper (CTranslate2) model folder: model.bin, config.json, tokenizer.json</source>
        <translation>faster-whisper（CTranslate2）模型文件夹：model.bin、config.json、tokenizer.json</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="89"/>
        <source>Recommended</source>
        <translation>推荐</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="90"/>
        <source>int8 (fast)</source>
        <translation>int8（快速）</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="91"/>
        <source>float32 (exact)</source>
        <translation>float32（精确）</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="96"/>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="100"/>
        <source>Checking this device…</source>
        <translation>正在检查本设备…</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="108"/>
        <source>Optimize…</source>
        <translation>优化…</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="111"/>
        <source>Compare compute types and thread counts of this model on this device, by word error rate and speed</source>
        <translation>在本设备上按词错误率和速度比较此模型的计算类型和线程数</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="122"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="123"/>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="124"/>
        <source>Threads</source>
        <translation>线程</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="150"/>
        <source>No Whisper model installed: run scripts/install.sh.</source>
        <translation>未安装 Whisper 模型：请运行 scripts/install.sh。</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="176"/>
        <source>Your choice: {0}, {1} threads. Recommended: {2}</source>
        <translation>当前选择：{0}，{1} 线程。推荐：{2}</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="223"/>
        <source>{0} understands only English: switched to {1} for {2}.</source>
        <translation>{0} 只能识别英语：已切换到 {1} 以识别{2}。</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="228"/>
        <source>{0} understands only English. Add a multilingual Whisper model for {1}.</source>
        <translation>{0} 只能识别英语。请添加多语言 Whisper 模型以识别{1}。</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="241"/>
        <source>Added {0}.</source>
        <translation>已添加 {0}。</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="251"/>
        <source>Choose a Whisper model folder</source>
        <translation>选择 Whisper 模型文件夹</translation>
    </message>
</context>
<context>
    <name>VoiceTab</name>
    <message>
        <location filename="../ui/voice_tab.py" line="48"/>
        <source>Voice</source>
        <translation>语音识别</translation>
    </message>
    <message>
        <location filename="../ui/voice_tab.py" line="84"/>
        <source>Transcript</source>
        <translation>转写</translation>
    </message>
    <message>
        <location filename="../ui/voice_tab.py" line="85"/>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <location filename="../ui/voice_tab.py" line="86"/>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <location filename="../ui/voice_tab.py" line="109"/>
        <source>Speech now uses {0}; it loads with the next phrase or file.</source>
        <translation>语音现在使用 {0}；下一句话或下一个文件时加载。</translation>
    </message>
    <message>
        <location filename="../ui/voice_tab.py" line="113"/>
        <source>Speech is back on {0} with the recommended settings.</source>
        <translation>语音已恢复为 {0}，使用推荐设置。</translation>
    </message>
    <message>
        <location filename="../ui/voice_tab.py" line="156"/>
        <source>Transcripts are no longer saved: the disk is not writable.</source>
        <translation>转写记录不再保存：磁盘不可写入。</translation>
    </message>
</context>
<context>
    <name>_DataSetBox</name>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="40"/>
        <source>Packaged photos (shipped with the app, with their sources)</source>
        <translation>内置照片（随应用提供，附来源）</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="41"/>
        <source>My own folder of pictures, or a video</source>
        <translation>我自己的图片文件夹或视频</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="47"/>
        <source>a folder of JPEG/PNG pictures, or a video file</source>
        <translation>JPEG/PNG 图片文件夹或视频文件</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="48"/>
        <source>Folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="49"/>
        <source>Video…</source>
        <translation>视频…</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="53"/>
        <source> pictures</source>
        <translation> 张图片</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="62"/>
        <source>How many</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="75"/>
        <source>Choose a folder of pictures</source>
        <translation>选择图片文件夹</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="82"/>
        <source>Choose a video</source>
        <translation>选择视频</translation>
    </message>
    <message>
        <location filename="../ui/optimize_pages/data_page.py" line="82"/>
        <source>Videos ({0})</source>
        <translation>视频（{0}）</translation>
    </message>
</context>
</TS>
