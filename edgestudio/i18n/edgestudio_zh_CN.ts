<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AuditDialog</name>
    <message>
        <location filename="../ui/audit_dialog.py" line="25" />
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <location filename="../ui/audit_dialog.py" line="29" />
        <source>The log is intact: every entry is chained to the one before it.</source>
        <translation>日志完整：每条记录都与前一条链接。</translation>
    </message>
    <message>
        <location filename="../ui/audit_dialog.py" line="33" />
        <source>&lt;b&gt;The log was altered&lt;/b&gt; at entry {entry}: it no longer matches its hash chain.</source>
        <translation>&lt;b&gt;日志已被篡改&lt;/b&gt;，位置在第 {entry} 条：它与哈希链不再一致。</translation>
    </message>
    <message>
        <location filename="../ui/audit_dialog.py" line="40" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../ui/audit_dialog.py" line="40" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../ui/audit_dialog.py" line="40" />
        <source>Subject</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../ui/audit_dialog.py" line="40" />
        <source>Detail</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>CalibrationDialog</name>
    <message>
        <location filename="../ui/calibration_dialog.py" line="13" />
        <source>1 in 10,000</source>
        <translation>万分之一</translation>
    </message>
    <message>
        <location filename="../ui/calibration_dialog.py" line="14" />
        <source>1 in 1,000</source>
        <translation>千分之一</translation>
    </message>
    <message>
        <location filename="../ui/calibration_dialog.py" line="15" />
        <source>1 in 100</source>
        <translation>百分之一</translation>
    </message>
    <message>
        <location filename="../ui/calibration_dialog.py" line="24" />
        <source>Calibrate the recognition threshold</source>
        <translation>校准识别阈值</translation>
    </message>
    <message>
        <location filename="../ui/calibration_dialog.py" line="36" />
        <source>Use this threshold</source>
        <translation>使用此阈值</translation>
    </message>
    <message>
        <location filename="../ui/calibration_dialog.py" line="38" />
        <source>Accept a stranger at most</source>
        <translation>最多接受陌生人</translation>
    </message>
    <message>
        <location filename="../ui/calibration_dialog.py" line="57" />
        <source>Enroll at least two people to calibrate; the default threshold ({value}) is used.</source>
        <translation>至少登记两个人才能校准；当前使用默认阈值（{value}）。</translation>
    </message>
    <message>
        <location filename="../ui/calibration_dialog.py" line="65" />
        <source>Threshold {threshold}: {far} % of stranger pairs would be accepted; {frr} % of same-person pairs would be rejected (from {genuine} and {impostor} pairs).</source>
        <translation>阈值 {threshold}：{far} % 的陌生人配对会被接受；{frr} % 的同一人配对会被拒绝（基于 {genuine} 对和 {impostor} 对）。</translation>
    </message>
</context>
<context>
    <name>ChatModelPanel</name>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="55" />
        <location filename="../ui/widgets/chat_model_panel.py" line="228" />
        <source>Add GGUF…</source>
        <translation>添加 GGUF…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="67" />
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="69" />
        <source>the server's first model</source>
        <translation>服务器上的第一个模型</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="73" />
        <source>URL</source>
        <translation>网址</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="74" />
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="75" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="101" />
        <source>Chat server (OpenAI-compatible)…</source>
        <translation>对话服务器（兼容 OpenAI）…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="128" />
        <source>Answers come from a chat server: llama.cpp's server, Ollama or vLLM.</source>
        <translation>回答来自对话服务器：llama.cpp 服务器、Ollama 或 vLLM。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="130" />
        <source>No chat model installed.</source>
        <translation>未安装对话模型。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="136" />
        <source>Reading the model's metadata…</source>
        <translation>正在读取模型元数据…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="159" />
        <source>from the file</source>
        <translation>来自文件</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="161" />
        <source>&lt;b&gt;none&lt;/b&gt; (answers may be poor)</source>
        <translation>&lt;b&gt;无&lt;/b&gt;（回答质量可能较差）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="164" />
        <source>&lt;b&gt;{architecture}&lt;/b&gt;, {params} parameters, {quantization}&lt;br&gt;context {context} tokens, chat template {template}&lt;br&gt;licence {license}</source>
        <translation>&lt;b&gt;{architecture}&lt;/b&gt;，{params} 参数，{quantization}&lt;br&gt;上下文 {context} 个词元，对话模板 {template}&lt;br&gt;许可证 {license}</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="178" />
        <source>{used} MB of {free} MB free</source>
        <translation>需要 {used} MB，可用 {free} MB</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="199" />
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="232" />
        <source>Add a chat model</source>
        <translation>添加对话模型</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_model_panel.py" line="232" />
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>ChatTab</name>
    <message>
        <location filename="../ui/chat_tab.py" line="47" />
        <source>You are a helpful assistant. Answer briefly and clearly.</source>
        <translation>你是一个乐于助人的助手。请用中文简洁清楚地回答。</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="60" />
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="67" />
        <source>Search conversations</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="68" />
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="69" />
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="70" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="71" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="74" />
        <source>Ask something… (Ctrl+Enter sends)</source>
        <translation>输入问题…（Ctrl+Enter 发送）</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="76" />
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="77" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="78" />
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="119" />
        <source>Conversations</source>
        <translation>对话列表</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="145" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="148" />
        <source>Answers</source>
        <translation>回答</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="150" />
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="152" />
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="153" />
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="154" />
        <source>Max tokens</source>
        <translation>最大词元数</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="182" />
        <source>New conversation: type a question below.</source>
        <translation>新对话：请在下方输入问题。</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="224" />
        <source>Rename conversation</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="224" />
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="231" />
        <source>Conversation deleted.</source>
        <translation>对话已删除。</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="238" />
        <source>Export conversation</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="240" />
        <source>Markdown (*.md);;JSON (*.json)</source>
        <translation>Markdown (*.md);;JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="248" />
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="262" />
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="278" />
        <source>Conversations are no longer saved: the disk cannot be written.</source>
        <translation>对话不再保存：磁盘无法写入。</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="301" />
        <source>Stopped after {n} tokens.</source>
        <translation>已在 {n} 个词元后停止。</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="323" />
        <source>Thinking…</source>
        <translation>思考中…</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="331" />
        <source>Loading the model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="373" />
        <source>{model} loaded in {s} s ({device}).</source>
        <translation>{model} 已加载，用时 {s} 秒（{device}）。</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="384" />
        <source>Generating… {n} tokens</source>
        <translation>生成中… {n} 个词元</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="395" />
        <source>First token in {ttft} ms · {speed} tokens/s · {n} tokens</source>
        <translation>首个词元 {ttft} 毫秒 · {speed} 词元/秒 · 共 {n} 个词元</translation>
    </message>
    <message>
        <location filename="../ui/chat_tab.py" line="438" />
        <source>This model does not fit in memory.</source>
        <translation>此模型超出可用内存。</translation>
    </message>
</context>
<context>
    <name>DetectTab</name>
    <message>
        <location filename="../ui/detect_tab.py" line="55" />
        <source>Detect</source>
        <translation>目标检测</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="66" />
        <location filename="../ui/detect_tab.py" line="207" />
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="68" />
        <source>Snapshot</source>
        <translation>截图</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="75" />
        <source>No model loaded.</source>
        <translation>尚未加载模型。</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="100" />
        <source>Added {name}.</source>
        <translation>已添加 {name}。</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="117" />
        <source>Source</source>
        <translation>视频源</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="118" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="119" />
        <source>Runtime</source>
        <translation>运行时</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="125" />
        <source>Thresholds</source>
        <translation>阈值</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="127" />
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="128" />
        <source>Overlap (IoU)</source>
        <translation>重叠度 (IoU)</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="130" />
        <source>Performance</source>
        <translation>性能</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="132" />
        <source>Frame rate</source>
        <translation>帧率</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="133" />
        <source>Inference</source>
        <translation>推理</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="134" />
        <source>End-to-end latency</source>
        <translation>端到端延迟</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="135" />
        <source>Objects</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="136" />
        <source>Time per frame (ms)</source>
        <translation>每帧耗时（毫秒）</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="172" />
        <source>Nothing to run</source>
        <translation>没有可运行的内容</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="172" />
        <source>Choose a model and an available backend first.</source>
        <translation>请先选择模型和一个可用的后端。</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="178" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="194" />
        <source>Loading {name}…</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="200" />
        <source>Stopped. Press Start to go on.</source>
        <translation>已停止。按“开始”继续。</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="247" />
        <source>Opening {source}…</source>
        <translation>正在打开 {source}…</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="248" />
        <source>Running on {source}</source>
        <translation>正在处理 {source}</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="266" />
        <source>{model} on {backend} / {device}, loaded in {ms} ms</source>
        <translation>{model} 运行于 {backend} / {device}，加载用时 {ms} 毫秒</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="294" />
        <source>{fps} fps</source>
        <translation>{fps} 帧/秒</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="295" />
        <location filename="../ui/detect_tab.py" line="296" />
        <source>{ms} ms</source>
        <translation>{ms} 毫秒</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="301" />
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="304" />
        <source>{fps} fps   inference {infer} ms   latency {latency} ms</source>
        <translation>{fps} 帧/秒   推理 {infer} 毫秒   延迟 {latency} 毫秒</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="321" />
        <source>The video has ended. Press Start to play it again.</source>
        <translation>视频已结束。按“开始”重新播放。</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="333" />
        <source>Settings changed. Press Start to use them.</source>
        <translation>设置已更改。按“开始”以应用。</translation>
    </message>
    <message>
        <location filename="../ui/detect_tab.py" line="341" />
        <source>Snapshot saved to {path}</source>
        <translation>截图已保存到 {path}</translation>
    </message>
</context>
<context>
    <name>DevicePanel</name>
    <message>
        <location filename="../ui/device_panel.py" line="49" />
        <location filename="../ui/device_panel.py" line="84" />
        <source>Checking this device…</source>
        <translation>正在检查本设备…</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="50" />
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="52" />
        <source>This device</source>
        <translation>本设备</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="55" />
        <source>Runtime / device</source>
        <translation>运行时 / 设备</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="55" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="60" />
        <source>Runtimes</source>
        <translation>运行时</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="63" />
        <source>Recommended</source>
        <translation>推荐</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="89" />
        <source>The device check failed: {detail}</source>
        <translation>设备检查失败：{detail}</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="96" />
        <source>{n} of {total} runtimes available.</source>
        <translation>{total} 个运行时中有 {n} 个可用。</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="106" />
        <source>none of note</source>
        <translation>无特别指令集</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="109" />
        <source>none found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="110" />
        <source>{free} free of {total}</source>
        <translation>可用 {free}，共 {total}</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="115" />
        <source>CPU</source>
        <translation>处理器</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="116" />
        <source>Cores</source>
        <translation>核心</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="116" />
        <source>{cores} cores, {threads} threads</source>
        <translation>{cores} 核，{threads} 线程</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="118" />
        <source>Instruction sets</source>
        <translation>指令集</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="119" />
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="120" />
        <source>NVIDIA GPU</source>
        <translation>NVIDIA 显卡</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="121" />
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="126" />
        <source>{name}:</source>
        <translation>{name}：</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="135" />
        <source>unavailable: {reason}</source>
        <translation>不可用：{reason}</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="141" />
        <source>nothing</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="142" />
        <source>no model file (a server)</source>
        <translation>无模型文件（服务器）</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="143" />
        <source>Serves: {0}
Loads: {1}</source>
        <translation>用于：{0}
可加载：{1}</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="145" />
        <source>available</source>
        <translation>可用</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="155" />
        <source>plugin {name}</source>
        <translation>插件 {name}</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="156" />
        <source>broken: {reason}</source>
        <translation>已损坏：{reason}</translation>
    </message>
    <message>
        <location filename="../ui/device_panel.py" line="169" />
        <source>nothing installed</source>
        <translation>未安装</translation>
    </message>
</context>
<context>
    <name>FacesTab</name>
    <message>
        <location filename="../ui/faces_tab.py" line="81" />
        <source>Faces</source>
        <translation>人脸识别</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="88" />
        <source>Choose a source and press Recognise, or enroll someone.</source>
        <translation>选择视频源并按“识别”，或登记人员。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="90" />
        <location filename="../ui/faces_tab.py" line="598" />
        <source>Recognise</source>
        <translation>识别</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="95" />
        <source>The model that finds faces; the next start of the camera uses it.</source>
        <translation>用于查找人脸的模型；下次启动摄像头时生效。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="98" />
        <source>Calibrate…</source>
        <translation>校准…</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="99" />
        <source>The person read and accepted:</source>
        <translation>本人已阅读并同意：</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="103" />
        <source>Enroll from camera…</source>
        <translation>用摄像头登记…</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="104" />
        <source>Enroll from photos…</source>
        <translation>用照片登记…</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="106" />
        <source>%v of %m good captures</source>
        <translation>合格采集 %v / %m</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="111" />
        <location filename="../ui/faces_tab.py" line="278" />
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="112" />
        <source>Add captures</source>
        <translation>追加采集</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="113" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="114" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="115" />
        <source>Audit log…</source>
        <translation>审计日志…</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="116" />
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="117" />
        <source>Change PIN…</source>
        <translation>更改 PIN…</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="147" />
        <source>The video has ended.</source>
        <translation>视频已结束。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="154" />
        <source>Source</source>
        <translation>视频源</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="159" />
        <source>Face detector</source>
        <translation>人脸检测器</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="163" />
        <source>Threshold</source>
        <translation>阈值</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="167" />
        <source>Enroll</source>
        <translation>登记</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="178" />
        <source>People</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="231" />
        <source>The admin PIN was changed.</source>
        <translation>管理员 PIN 已更改。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="235" />
        <source>Change PIN</source>
        <translation>更改 PIN</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="236" />
        <source>Current PIN</source>
        <translation>当前 PIN</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="239" />
        <source>New PIN (4 or more characters)</source>
        <translation>新 PIN（至少 4 个字符）</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="242" />
        <source>New PIN again</source>
        <translation>再次输入新 PIN</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="244" />
        <source>The new PINs differ; the PIN was not changed.</source>
        <translation>两次输入的新 PIN 不一致；PIN 未更改。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="260" />
        <source>1 template</source>
        <translation>1 个模板</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="260" />
        <source>{n} templates</source>
        <translation>{n} 个模板</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="278" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="295" />
        <source>Delete person</source>
        <translation>删除人员</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="296" />
        <source>Erase {name} with every template and photo? This cannot be undone.</source>
        <translation>要删除 {name} 及其所有模板和照片吗？此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="302" />
        <source>{name} was erased.</source>
        <translation>{name} 已删除。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="309" />
        <source>Export record</source>
        <translation>导出记录</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="309" />
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="313" />
        <source>Record of {name} saved to {path}</source>
        <translation>{name} 的记录已保存到 {path}</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="329" />
        <source>Enroll from camera</source>
        <translation>用摄像头登记</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="329" />
        <location filename="../ui/faces_tab.py" line="334" />
        <source>Name of the person</source>
        <translation>人员姓名</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="334" />
        <source>Enroll from photos</source>
        <translation>用照片登记</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="338" />
        <source>Photos of the person</source>
        <translation>此人的照片</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="338" />
        <source>Images (*.jpg *.jpeg *.png *.bmp *.webp)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.bmp *.webp)</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="346" />
        <source>Tick the consent line first.</source>
        <translation>请先勾选同意声明。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="359" />
        <source>Enrolling {name}: look at the camera.</source>
        <translation>正在登记 {name}：请看向摄像头。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="379" />
        <source>{file}: not an image EdgeStudio can read</source>
        <translation>{file}：EdgeStudio 无法读取此图片</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="392" />
        <source>Refused {reason}</source>
        <translation>已拒绝 {reason}</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="399" />
        <source>Enrolled {name} from {n} photo(s).</source>
        <translation>已用 {n} 张照片登记 {name}。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="404" />
        <source>No photo could be used.</source>
        <translation>没有可用的照片。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="413" />
        <source>Add these captures to %1 anyway?</source>
        <translation>仍要将这些采集添加到 %1 吗？</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="416" />
        <source>A different face?</source>
        <translation>不是同一张脸？</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="422" />
        <source>Nothing was enrolled: the face did not match %1.</source>
        <translation>未登记任何内容：人脸与 %1 不符。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="436" />
        <source>{name} enrolled.</source>
        <translation>{name} 已登记。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="488" />
        <source>Loading the face models…</source>
        <translation>正在加载人脸模型…</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="502" />
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="508" />
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="516" />
        <source>Enrollment stopped before enough captures: nothing was saved.</source>
        <translation>采集数量不足时登记已停止：未保存任何内容。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="525" />
        <source>Face models ready ({ms} ms)</source>
        <translation>人脸模型已就绪（{ms} 毫秒）</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="565" />
        <source>Good capture ({n}).</source>
        <translation>采集合格（{n}）。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="568" />
        <source>Refused: {reason}</source>
        <translation>已拒绝：{reason}</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="577" />
        <source>Enrolled {name} with {n} captures.</source>
        <translation>已用 {n} 次采集登记 {name}。</translation>
    </message>
    <message>
        <location filename="../ui/faces_tab.py" line="598" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
</context>
<context>
    <name>FileTranscriptionPanel</name>
    <message>
        <location filename="../ui/voice_file_panel.py" line="39" />
        <source>Audio and video (*.wav *.mp3 *.flac *.ogg *.opus *.m4a *.aac *.wma *.mp4 *.mkv *.mov *.webm);;All files (*)</source>
        <translation>音频和视频 (*.wav *.mp3 *.flac *.ogg *.opus *.m4a *.aac *.wma *.mp4 *.mkv *.mov *.webm);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="68" />
        <source>Transcribe a file</source>
        <translation>转写文件</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="72" />
        <source>An audio or video file</source>
        <translation>音频或视频文件</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="73" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="74" />
        <source>Word timestamps</source>
        <translation>逐词时间戳</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="75" />
        <source>Transcribe</source>
        <translation>转写</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="76" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="78" />
        <location filename="../ui/voice_file_panel.py" line="211" />
        <location filename="../ui/voice_file_panel.py" line="223" />
        <location filename="../ui/voice_file_panel.py" line="249" />
        <source>%p% of the audio</source>
        <translation>已处理音频 %p%</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="112" />
        <source>Export:</source>
        <translation>导出：</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="129" />
        <source>{0} is a folder, not a file.</source>
        <translation>{0} 是文件夹，不是文件。</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="130" />
        <source>{0} does not exist.</source>
        <translation>{0} 不存在。</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="131" />
        <source>{0} cannot be opened: {1}.</source>
        <translation>无法打开 {0}：{1}。</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="133" />
        <source>No such file</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="149" />
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="150" />
        <source>Transcribing {0}…</source>
        <translation>正在转写 {0}…</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="160" />
        <source>Cancelled after {0} segments.</source>
        <translation>已在 {0} 个片段后取消。</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="176" />
        <source>No model</source>
        <translation>没有模型</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="177" />
        <source>No Whisper model is installed.</source>
        <translation>未安装 Whisper 模型。</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="178" />
        <source>Run scripts/install.sh.</source>
        <translation>请运行 scripts/install.sh。</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="200" />
        <source>Finding speech</source>
        <translation>正在查找语音</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="200" />
        <source>Reading the audio</source>
        <translation>正在读取音频</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="215" />
        <source>Transcribing… {0} of {1} ({2})</source>
        <translation>转写中… {0} / {1}（{2}）</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="235" />
        <source>{0}: {1} of audio in {2:.1f} s ({3:.1f}x real time), language {4}</source>
        <translation>{0}：{1} 的音频用时 {2:.1f} 秒（{3:.1f} 倍实时），语言 {4}</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="282" />
        <source>There is no transcript to export yet.</source>
        <translation>还没有可导出的转写文本。</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="288" />
        <source>Export {0}</source>
        <translation>导出 {0}</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="296" />
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <location filename="../ui/voice_file_panel.py" line="299" />
        <source>Choose audio</source>
        <translation>选择音频</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <location filename="../ui/voice_history_panel.py" line="34" />
        <source>Search transcripts</source>
        <translation>搜索转写记录</translation>
    </message>
    <message>
        <location filename="../ui/voice_history_panel.py" line="37" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>KioskAdminDrawer</name>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="97" />
        <source>Admin PIN</source>
        <translation>管理员 PIN</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="100" />
        <source>Repeat the PIN</source>
        <translation>再次输入 PIN</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="105" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="139" />
        <location filename="../ui/kiosk_drawer.py" line="186" />
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="141" />
        <source>Leave kiosk mode</source>
        <translation>退出自助终端模式</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="142" />
        <source>Tabs shown in the kiosk</source>
        <translation>自助终端显示的标签页</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="149" />
        <source>Show these tabs</source>
        <translation>显示这些标签页</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="158" />
        <source>Reload the log</source>
        <translation>重新加载日志</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="159" />
        <source>Lock and close</source>
        <translation>锁定并关闭</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="164" />
        <source>Log: %1</source>
        <translation>日志：%1</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="180" />
        <source>The site configuration sets these tabs; a change lasts until the next start.</source>
        <translation>这些标签页由站点配置设定；更改只在下次启动前有效。</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="186" />
        <source>Choose the admin PIN</source>
        <translation>设置管理员 PIN</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="189" />
        <source>No admin PIN is set yet. Choose one (4 or more characters): it unlocks this panel and protects the face gallery, so keep it safe.</source>
        <translation>尚未设置管理员 PIN。请设置一个（至少 4 个字符）：它用于解锁此面板并保护人脸库，请妥善保管。</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="193" />
        <source>Enter the admin PIN to manage this kiosk.</source>
        <translation>输入管理员 PIN 以管理此自助终端。</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="196" />
        <source>Set PIN</source>
        <translation>设置 PIN</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="196" />
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="214" />
        <source>The two PINs differ. Type them again.</source>
        <translation>两次输入的 PIN 不一致，请重新输入。</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="245" />
        <source>Choose at least one tab.</source>
        <translation>请至少选择一个标签页。</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="258" />
        <source>Too many wrong PINs. Locked for %1 s.</source>
        <translation>PIN 错误次数过多，已锁定 %1 秒。</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="260" />
        <source>Wrong PIN. Wait %1 s before the next try.</source>
        <translation>PIN 错误，请等待 %1 秒后再试。</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_drawer.py" line="266" />
        <source>You can try again.</source>
        <translation>现在可以重试。</translation>
    </message>
</context>
<context>
    <name>KioskController</name>
    <message>
        <location filename="../ui/kiosk_controller.py" line="82" />
        <source>Health</source>
        <translation>运行状况</translation>
    </message>
</context>
<context>
    <name>KioskHealthStrip</name>
    <message>
        <location filename="../ui/kiosk_health_strip.py" line="78" />
        <source>Runtime: %1</source>
        <translation>运行时：%1</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_health_strip.py" line="80" />
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_health_strip.py" line="83" />
        <source>Runtime: idle</source>
        <translation>运行时：空闲</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_health_strip.py" line="84" />
        <source>Model: none loaded</source>
        <translation>模型：未加载</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_health_strip.py" line="88" />
        <source>Camera: on (%1)</source>
        <translation>摄像头：开启（%1）</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_health_strip.py" line="91" />
        <source>Camera: off</source>
        <translation>摄像头：关闭</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_health_strip.py" line="93" />
        <source>%1 fps</source>
        <translation>%1 帧/秒</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_health_strip.py" line="93" />
        <source>– fps</source>
        <translation>– 帧/秒</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_health_strip.py" line="97" />
        <source>Memory: %1 of %2 GB (app %3 MB)</source>
        <translation>内存：%1 / %2 GB（本程序 %3 MB）</translation>
    </message>
    <message>
        <location filename="../ui/kiosk_health_strip.py" line="107" />
        <source>Temperature: not exposed by this board</source>
        <translation>温度：此主板不提供</translation>
    </message>
</context>
<context>
    <name>LivePanel</name>
    <message>
        <location filename="../ui/voice_live_panel.py" line="55" />
        <source>Microphone</source>
        <translation>麦克风</translation>
    </message>
    <message>
        <location filename="../ui/voice_live_panel.py" line="60" />
        <source>No microphone</source>
        <translation>没有麦克风</translation>
    </message>
    <message>
        <location filename="../ui/voice_live_panel.py" line="61" />
        <location filename="../ui/voice_live_panel.py" line="106" />
        <source>Start listening</source>
        <translation>开始收听</translation>
    </message>
    <message>
        <location filename="../ui/voice_live_panel.py" line="72" />
        <source>Level</source>
        <translation>音量</translation>
    </message>
    <message>
        <location filename="../ui/voice_live_panel.py" line="96" />
        <source> (default)</source>
        <translation>（默认）</translation>
    </message>
    <message>
        <location filename="../ui/voice_live_panel.py" line="98" />
        <source>No microphone found. File transcription works without one.</source>
        <translation>未找到麦克风。文件转写无需麦克风也可使用。</translation>
    </message>
    <message>
        <location filename="../ui/voice_live_panel.py" line="106" />
        <source>Stop listening</source>
        <translation>停止收听</translation>
    </message>
    <message>
        <location filename="../ui/voice_live_panel.py" line="133" />
        <source>Listening…</source>
        <translation>正在收听…</translation>
    </message>
    <message>
        <location filename="../ui/voice_live_panel.py" line="145" />
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <location filename="../ui/voice_live_panel.py" line="176" />
        <source>No Whisper model is installed. Run scripts/install.sh.</source>
        <translation>未安装 Whisper 模型。请运行 scripts/install.sh。</translation>
    </message>
    <message>
        <location filename="../ui/voice_live_panel.py" line="192" />
        <source>{0} ready ({1}, {2:.1f} s to load)</source>
        <translation>{0} 已就绪（{1}，加载用时 {2:.1f} 秒）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/main_window.py" line="48" />
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="50" />
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="51" />
        <source>Language and theme</source>
        <translation>语言和主题</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../ui/i18n.py" line="134" />
        <source>Something went wrong</source>
        <translation>出现问题</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="135" />
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="136" />
        <source>The details are in the log file.</source>
        <translation>详细信息见日志文件。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="137" />
        <source>The model could not be loaded</source>
        <translation>无法加载模型</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="138" />
        <source>This file is not a model EdgeStudio can use</source>
        <translation>此文件不是 EdgeStudio 可用的模型</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="139" />
        <source>This runtime is not available</source>
        <translation>此运行时不可用</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="140" />
        <source>The model failed while running</source>
        <translation>模型运行时出错</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="141" />
        <source>The model could not be converted</source>
        <translation>无法转换模型</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="142" />
        <source>The video source could not be used</source>
        <translation>无法使用此视频源</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="143" />
        <source>The file could not be read</source>
        <translation>无法读取文件</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="144" />
        <source>The settings could not be read</source>
        <translation>无法读取设置</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="145" />
        <source>Data could not be saved</source>
        <translation>无法保存数据</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="146" />
        <source>The disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="147" />
        <source>The data folder is read-only</source>
        <translation>数据文件夹为只读</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="148" />
        <source>A data file is damaged</source>
        <translation>数据文件已损坏</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="149" />
        <source>This input cannot be used</source>
        <translation>无法使用此输入</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="150" />
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="151" />
        <source>The operation was cancelled.</source>
        <translation>操作已取消。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="152" />
        <source>Wrong PIN</source>
        <translation>PIN 错误</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="153" />
        <source>The face gallery is locked</source>
        <translation>人脸库已锁定</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="154" />
        <source>No video source was chosen.</source>
        <translation>未选择视频源。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="155" />
        <source>Pick a camera, a file or a stream URL.</source>
        <translation>请选择摄像头、文件或视频流网址。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="156" />
        <source>There is no picture to save yet.</source>
        <translation>还没有可保存的画面。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="157" />
        <source>There is no conversation to export.</source>
        <translation>没有可导出的对话。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="158" />
        <source>No face in view: look at the camera.</source>
        <translation>画面中没有人脸：请看向摄像头。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="159" />
        <source>The photo shows no face: choose a photo of the person's face.</source>
        <translation>照片中没有人脸：请选择此人的面部照片。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="160" />
        <source>Hold still: the picture is blurred.</source>
        <translation>请保持不动：画面模糊。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="161" />
        <source>Look straight at the camera: the face is turned too far.</source>
        <translation>请正视摄像头：脸部偏转过大。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="162" />
        <source>Same as an earlier capture: turn your head a little.</source>
        <translation>与之前的采集相同：请稍微转动头部。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="163" />
        <source>Good capture.</source>
        <translation>采集合格。</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="165" />
        <source>Object detection</source>
        <translation>目标检测</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="166" />
        <source>Face detection</source>
        <translation>人脸检测</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="167" />
        <source>Face recognition (embedding)</source>
        <translation>人脸识别（特征提取）</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="168" />
        <source>Speech</source>
        <translation>语音识别</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="169" />
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../ui/i18n.py" line="170" />
        <source>I agree that this kiosk stores a mathematical template of my face, encrypted, to recognise me. I can ask for my record and for its deletion at any time.</source>
        <translation>我同意本终端以加密方式保存我的人脸数学模板，用于识别我。我可以随时要求查看并删除我的记录。</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <location filename="../ui/widgets/model_picker.py" line="44" />
        <location filename="../ui/widgets/model_picker.py" line="120" />
        <source>Add model…</source>
        <translation>添加模型…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/model_picker.py" line="47" />
        <source>Add a detection model from disk: a YOLOv5/v8/11 or CenterNet export as ONNX, OpenVINO IR (.xml with its .bin) or another format an installed runtime reads</source>
        <translation>从磁盘添加目标检测模型：导出为 ONNX 的 YOLOv5/v8/11 或 CenterNet、OpenVINO IR（.xml 及其 .bin），或已安装运行时可读取的其他格式</translation>
    </message>
    <message>
        <location filename="../ui/widgets/model_picker.py" line="94" />
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/model_picker.py" line="126" />
        <source>Add a detection model</source>
        <translation>添加目标检测模型</translation>
    </message>
    <message>
        <location filename="../ui/widgets/model_picker.py" line="128" />
        <source>All files</source>
        <translation>所有文件</translation>
    </message>
</context>
<context>
    <name>PinGate</name>
    <message>
        <location filename="../ui/widgets/pin_gate.py" line="32" />
        <source>Admin PIN</source>
        <translation>管理员 PIN</translation>
    </message>
    <message>
        <location filename="../ui/widgets/pin_gate.py" line="33" />
        <source>Repeat PIN</source>
        <translation>再次输入 PIN</translation>
    </message>
    <message>
        <location filename="../ui/widgets/pin_gate.py" line="62" />
        <source>Protect the face gallery</source>
        <translation>保护人脸库</translation>
    </message>
    <message>
        <location filename="../ui/widgets/pin_gate.py" line="62" />
        <source>The face gallery is locked</source>
        <translation>人脸库已锁定</translation>
    </message>
    <message>
        <location filename="../ui/widgets/pin_gate.py" line="66" />
        <source>Face templates are biometric data. Choose an admin PIN (4 or more characters): templates and photos are encrypted with a key derived from it, and nobody can read them without it.</source>
        <translation>人脸模板属于生物特征数据。请设置管理员 PIN（至少 4 个字符）：模板和照片将用由它派生的密钥加密，没有它任何人都无法读取。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/pin_gate.py" line="70" />
        <source>Enter the admin PIN to recognise and enroll people.</source>
        <translation>输入管理员 PIN 以识别和登记人员。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/pin_gate.py" line="74" />
        <source>Set PIN</source>
        <translation>设置 PIN</translation>
    </message>
    <message>
        <location filename="../ui/widgets/pin_gate.py" line="74" />
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../ui/widgets/pin_gate.py" line="83" />
        <source>The two PINs differ.</source>
        <translation>两次输入的 PIN 不一致。</translation>
    </message>
</context>
<context>
    <name>RuntimePicker</name>
    <message>
        <location filename="../ui/widgets/runtime_picker.py" line="37" />
        <source>Checking which runtimes this device has…</source>
        <translation>正在检查本设备上的运行时…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/runtime_picker.py" line="43" />
        <source>Backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <location filename="../ui/widgets/runtime_picker.py" line="44" />
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../ui/widgets/runtime_picker.py" line="91" />
        <source>no model files</source>
        <translation>无模型文件</translation>
    </message>
    <message>
        <location filename="../ui/widgets/runtime_picker.py" line="92" />
        <source>cannot read {0} models (it loads {1})</source>
        <translation>无法读取 {0} 模型（它可加载 {1}）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/runtime_picker.py" line="105" />
        <location filename="../ui/widgets/runtime_picker.py" line="121" />
        <source>{0} (unavailable)</source>
        <translation>{0}（不可用）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/runtime_picker.py" line="141" />
        <source>No installed runtime serves this task.</source>
        <translation>没有已安装的运行时支持此任务。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/runtime_picker.py" line="149" />
        <source>Recommended: {0}</source>
        <translation>推荐：{0}</translation>
    </message>
    <message>
        <location filename="../ui/widgets/runtime_picker.py" line="155" />
        <source>Not available here: {0} (the Device tab says why).</source>
        <translation>此处不可用：{0}（原因见“设备”标签页）。</translation>
    </message>
</context>
<context>
    <name>ScoreHistogram</name>
    <message>
        <location filename="../ui/widgets/score_histogram.py" line="61" />
        <source>threshold {value}</source>
        <translation>阈值 {value}</translation>
    </message>
    <message>
        <location filename="../ui/widgets/score_histogram.py" line="68" />
        <source>same person ({n} pairs)</source>
        <translation>同一人（{n} 对）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/score_histogram.py" line="69" />
        <source>different people ({n} pairs)</source>
        <translation>不同的人（{n} 对）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/score_histogram.py" line="75" />
        <source>distance between templates (lower = more alike)</source>
        <translation>模板间距离（越小越相似）</translation>
    </message>
</context>
<context>
    <name>SegmentTable</name>
    <message>
        <location filename="../ui/widgets/segment_table.py" line="18" />
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../ui/widgets/segment_table.py" line="18" />
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <location filename="../ui/widgets/segment_table.py" line="18" />
        <source>Text</source>
        <translation>文本</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../ui/settings_dialog.py" line="28" />
        <location filename="../ui/settings_dialog.py" line="45" />
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="29" />
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="30" />
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="41" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="60" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="61" />
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="65" />
        <source>Set by the site configuration.</source>
        <translation>由站点配置设定。</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="66" />
        <source>set by the site configuration</source>
        <translation>由站点配置设定</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="83" />
        <source>The new language is used from the next start of EdgeStudio.</source>
        <translation>新语言将在下次启动 EdgeStudio 时生效。</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="85" />
        <source>The theme changes at once; a new language is used from the next start.</source>
        <translation>主题立即生效；新语言在下次启动时生效。</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="102" />
        <source>The settings could not be saved: {detail}</source>
        <translation>无法保存设置：{detail}</translation>
    </message>
</context>
<context>
    <name>SourcePicker</name>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="26" />
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="29" />
        <source>Video file</source>
        <translation>视频文件</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="30" />
        <source>Choose a video file…</source>
        <translation>选择视频文件…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="34" />
        <source>Stream URL</source>
        <translation>视频流网址</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="35" />
        <source>rtsp://camera.local/stream or http://…</source>
        <translation>rtsp://camera.local/stream 或 http://…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="39" />
        <source>Image file</source>
        <translation>图片文件</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="40" />
        <source>Choose an image…</source>
        <translation>选择图片…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="89" />
        <source>Pick a camera, or type its number or device path (/dev/video0).</source>
        <translation>选择摄像头，或输入其编号或设备路径（/dev/video0）。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="91" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="92" />
        <source>Loop video files</source>
        <translation>循环播放视频文件</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="93" />
        <source>Play at the video's own speed</source>
        <translation>按视频原速播放</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="94" />
        <source>Off: process video files as fast as the model can.</source>
        <translation>关闭时：按模型的最快速度处理视频文件。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="124" />
        <source>{name} ({device})</source>
        <translation>{name}（{device}）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="127" />
        <source>Type a camera number or device path</source>
        <translation>输入摄像头编号或设备路径</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="129" />
        <source>No camera found: connect one, or type a device path</source>
        <translation>未找到摄像头：请连接一个，或输入设备路径</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="190" />
        <source>Choose a video</source>
        <translation>选择视频</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="190" />
        <source>Choose an image</source>
        <translation>选择图片</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="191" />
        <source>Videos (*.mp4 *.mkv *.avi *.mov *.webm *.m4v *.ts);;All files (*)</source>
        <translation>视频 (*.mp4 *.mkv *.avi *.mov *.webm *.m4v *.ts);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/source_picker.py" line="192" />
        <source>Images (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff);;All files (*)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>StageBar</name>
    <message>
        <location filename="../ui/widgets/stage_bar.py" line="14" />
        <source>capture</source>
        <translation>采集</translation>
    </message>
    <message>
        <location filename="../ui/widgets/stage_bar.py" line="15" />
        <source>pre</source>
        <translation>预处理</translation>
    </message>
    <message>
        <location filename="../ui/widgets/stage_bar.py" line="16" />
        <source>infer</source>
        <translation>推理</translation>
    </message>
    <message>
        <location filename="../ui/widgets/stage_bar.py" line="17" />
        <source>post</source>
        <translation>后处理</translation>
    </message>
    <message>
        <location filename="../ui/widgets/stage_bar.py" line="18" />
        <source>draw</source>
        <translation>绘制</translation>
    </message>
</context>
<context>
    <name>StorageBanner</name>
    <message>
        <location filename="../ui/widgets/storage_banner.py" line="36" />
        <source>Disk full: nothing is saved</source>
        <translation>磁盘已满：不会保存任何内容</translation>
    </message>
    <message>
        <location filename="../ui/widgets/storage_banner.py" line="37" />
        <source>Data folder read-only: nothing is saved</source>
        <translation>数据文件夹只读：不会保存任何内容</translation>
    </message>
    <message>
        <location filename="../ui/widgets/storage_banner.py" line="42" />
        <source>The disk holding the data folder %1 is full.</source>
        <translation>数据文件夹 %1 所在的磁盘已满。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/storage_banner.py" line="43" />
        <source>Free some space on that disk, then restart EdgeStudio.</source>
        <translation>请释放该磁盘的空间，然后重新启动 EdgeStudio。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/storage_banner.py" line="45" />
        <source>The data folder %1 is read-only.</source>
        <translation>数据文件夹 %1 为只读。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/storage_banner.py" line="46" />
        <source>Remount it read-write, or set EDGESTUDIO_HOME to a writable folder, then restart.</source>
        <translation>请以读写方式重新挂载，或将 EDGESTUDIO_HOME 设为可写的文件夹，然后重新启动。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/storage_banner.py" line="48" />
        <source>Detection, transcription and chat keep working, and the face gallery can be read. Nothing is saved: no chat conversations, transcripts, enrollments, added models or settings.</source>
        <translation>目标检测、转写和对话仍可使用，人脸库也可读取。但不会保存任何内容：对话、转写、登记、新增模型和设置都不会保存。</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <location filename="../ui/widgets/transcript_view.py" line="17" />
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transcript_view.py" line="18" />
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transcript_view.py" line="19" />
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transcript_view.py" line="34" />
        <source>first token {ms} ms</source>
        <translation>首个词元 {ms} 毫秒</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transcript_view.py" line="37" />
        <source>{speed} tokens/s</source>
        <translation>{speed} 词元/秒</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transcript_view.py" line="38" />
        <source>{n} tokens</source>
        <translation>{n} 个词元</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transcript_view.py" line="41" />
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transcript_view.py" line="67" />
        <source>Note: {n} earlier message(s) were left out because the conversation outgrew the model's context.</source>
        <translation>注意：由于对话超出模型的上下文长度，较早的 {n} 条消息未被使用。</translation>
    </message>
</context>
<context>
    <name>VideoView</name>
    <message>
        <location filename="../ui/widgets/video_view.py" line="24" />
        <location filename="../ui/widgets/video_view.py" line="55" />
        <source>Choose a source and press Start.</source>
        <translation>选择视频源并按“开始”。</translation>
    </message>
</context>
<context>
    <name>VoiceModelPanel</name>
    <message>
        <location filename="../ui/voice_model_panel.py" line="33" />
        <source>Auto-detect</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="34" />
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="35" />
        <source>German</source>
        <translation>德语</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="36" />
        <source>French</source>
        <translation>法语</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="37" />
        <source>Spanish</source>
        <translation>西班牙语</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="38" />
        <source>Italian</source>
        <translation>意大利语</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="39" />
        <source>Dutch</source>
        <translation>荷兰语</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="40" />
        <source>Portuguese</source>
        <translation>葡萄牙语</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="41" />
        <source>Polish</source>
        <translation>波兰语</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="42" />
        <source>Japanese</source>
        <translation>日语</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="43" />
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="56" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="61" />
        <source>Add model folder…</source>
        <translation>添加模型文件夹…</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="63" />
        <source>A faster-whisper (CTranslate2) model folder: model.bin, config.json, tokenizer.json</source>
        <translation>faster-whisper（CTranslate2）模型文件夹：model.bin、config.json、tokenizer.json</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="67" />
        <source>Recommended</source>
        <translation>推荐</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="68" />
        <source>int8 (fast)</source>
        <translation>int8（快速）</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="69" />
        <source>float32 (exact)</source>
        <translation>float32（精确）</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="74" />
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="78" />
        <source>Checking this device…</source>
        <translation>正在检查本设备…</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="83" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="84" />
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="85" />
        <source>Threads</source>
        <translation>线程</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="105" />
        <source>No Whisper model installed: run scripts/install.sh.</source>
        <translation>未安装 Whisper 模型：请运行 scripts/install.sh。</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="120" />
        <source>Your choice: {0}, {1} threads. Recommended: {2}</source>
        <translation>当前选择：{0}，{1} 线程。推荐：{2}</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="142" />
        <source>Added {0}.</source>
        <translation>已添加 {0}。</translation>
    </message>
    <message>
        <location filename="../ui/voice_model_panel.py" line="152" />
        <source>Choose a Whisper model folder</source>
        <translation>选择 Whisper 模型文件夹</translation>
    </message>
</context>
<context>
    <name>VoiceTab</name>
    <message>
        <location filename="../ui/voice_tab.py" line="46" />
        <source>Voice</source>
        <translation>语音识别</translation>
    </message>
    <message>
        <location filename="../ui/voice_tab.py" line="76" />
        <source>Transcript</source>
        <translation>转写</translation>
    </message>
    <message>
        <location filename="../ui/voice_tab.py" line="77" />
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <location filename="../ui/voice_tab.py" line="78" />
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <location filename="../ui/voice_tab.py" line="134" />
        <source>Transcripts are no longer saved: the disk cannot be written.</source>
        <translation>转写记录不再保存：磁盘无法写入。</translation>
    </message>
</context>
</TS>
